import { asFlag, asNumber, asText, lowerCaseKeys } from './registry-json';

describe('registry JSON', () => {
  it('lower-cases every key, nested objects and arrays included', () => {
    expect(lowerCaseKeys({ DATA: { Notificacion: { TCN: '1', errorArray: [{ Code: 'X' }] } } })).toEqual({
      data: { notificacion: { tcn: '1', errorarray: [{ code: 'X' }] } },
    });
  });

  it('reads numbers given as numbers or numeric text', () => {
    expect(asNumber(612345678)).toBe(612345678);
    expect(asNumber('87,5')).toBe(87.5);
    expect(asNumber('')).toBeNull();
    expect(asNumber('12a')).toBeNull();
  });

  it('reads SI/NO flags', () => {
    expect(asFlag('SI')).toBe(true);
    expect(asFlag('no')).toBe(false);
    expect(asFlag(true)).toBe(true);
    expect(asFlag('maybe')).toBeNull();
    expect(asFlag(undefined)).toBeNull();
  });

  it('treats empty text as absent', () => {
    expect(asText('  ')).toBeNull();
    expect(asText(0)).toBe('0');
  });
});
