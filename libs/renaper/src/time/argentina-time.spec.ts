import { argentinaEndOfDay, formatRegistryDate, formatRegistryTime, isDayOver, parseRegistryDate } from './argentina-time';

describe('argentinaEndOfDay', () => {
  it('is 23:59:59.999 Argentina time (02:59:59.999 UTC next day) of the day of issue', () => {
    expect(argentinaEndOfDay(new Date('2026-03-10T15:00:00Z')).toISOString()).toBe('2026-03-11T02:59:59.999Z');
  });

  it('follows the Argentine calendar day, not the UTC one, around UTC midnight', () => {
    // 01:30 UTC on the 11th is still 22:30 on the 10th in Buenos Aires.
    expect(argentinaEndOfDay(new Date('2026-03-11T01:30:00Z')).toISOString()).toBe('2026-03-11T02:59:59.999Z');
    // 03:00 UTC on the 11th is 00:00 on the 11th there: a new day.
    expect(argentinaEndOfDay(new Date('2026-03-11T03:00:00Z')).toISOString()).toBe('2026-03-12T02:59:59.999Z');
  });

  it('crosses month and year boundaries', () => {
    expect(argentinaEndOfDay(new Date('2026-12-31T20:00:00Z')).toISOString()).toBe('2027-01-01T02:59:59.999Z');
  });
});

describe('registry dates', () => {
  it('parses dd/mm/yyyy and yyyy-mm-dd as the start of that Argentine day', () => {
    expect(parseRegistryDate('15/06/2034')?.toISOString()).toBe('2034-06-15T03:00:00.000Z');
    expect(parseRegistryDate('1981-03-09')?.toISOString()).toBe('1981-03-09T03:00:00.000Z');
    expect(parseRegistryDate('5/1/2020')?.toISOString()).toBe('2020-01-05T03:00:00.000Z');
  });

  it('refuses impossible days and other formats', () => {
    expect(parseRegistryDate('31/02/2020')).toBeNull();
    expect(parseRegistryDate('13/13/2020')).toBeNull();
    expect(parseRegistryDate('06/15/34')).toBeNull();
    expect(parseRegistryDate('')).toBeNull();
  });

  it('formats an instant as the Argentine date and time', () => {
    const at = new Date('2026-03-11T01:30:05Z');
    expect(formatRegistryDate(at)).toBe('10/03/2026');
    expect(formatRegistryTime(at)).toBe('22:30:05');
  });

  it('says a day is over only after its last Argentine millisecond', () => {
    const day = parseRegistryDate('10/03/2026') as Date;
    expect(isDayOver(day, new Date('2026-03-11T02:59:59.999Z'))).toBe(false);
    expect(isDayOver(day, new Date('2026-03-11T03:00:00.000Z'))).toBe(true);
  });
});
