import { parseIsoDate, toIsoDate, type CalendarDate } from './dni-dates';
import { expiryFromEmission, isExpiredOn } from './dni-validity';

const day = (iso: string): CalendarDate => {
  const date = parseIsoDate(iso);
  if (!date) throw new Error(iso);
  return date;
};

describe('expiryFromEmission', () => {
  it('gives 15 years from emission to holders aged 14 or more at issue', () => {
    expect(toIsoDate(expiryFromEmission(day('2019-06-15'), day('1981-03-09')))).toBe('2034-06-15');
    expect(toIsoDate(expiryFromEmission(day('2020-05-01'), day('2006-05-01')))).toBe('2035-05-01');
  });

  it('ends a card issued before age 5 the day before the 9th birthday', () => {
    expect(toIsoDate(expiryFromEmission(day('2018-01-10'), day('2016-07-20')))).toBe('2025-07-19');
  });

  it('ends a card issued from 5 to 13 the day before the 15th birthday', () => {
    expect(toIsoDate(expiryFromEmission(day('2015-03-01'), day('2008-03-02')))).toBe('2023-03-01');
    expect(toIsoDate(expiryFromEmission(day('2020-05-01'), day('2006-05-02')))).toBe('2021-05-01');
  });

  it('turns 29 February into 28 February when the expiry year has none', () => {
    expect(toIsoDate(expiryFromEmission(day('2012-02-29'), day('1970-01-01')))).toBe('2027-02-28');
  });
});

describe('isExpiredOn', () => {
  it('is expired only after the expiry day', () => {
    expect(isExpiredOn(day('2030-01-01'), day('1990-01-01'), day('2030-01-01'))).toBe(false);
    expect(isExpiredOn(day('2030-01-01'), day('1990-01-01'), day('2030-01-02'))).toBe(true);
  });

  it('never calls the card of a holder aged 75 or more expired', () => {
    expect(isExpiredOn(day('2020-01-01'), day('1950-01-02'), day('2025-01-01'))).toBe(true);
    expect(isExpiredOn(day('2020-01-01'), day('1950-01-02'), day('2025-01-02'))).toBe(false);
  });
});
