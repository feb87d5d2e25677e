import { dniFromCuil, maskDni, parseDni } from './dni';
import { registrySexo } from './sexo';
import { parseTramite, sameTramite } from './tramite';

describe('maskDni', () => {
  it('keeps only the last four digits', () => {
    expect(maskDni('12345678')).toBe('****5678');
    expect(maskDni('1234567')).toBe('****4567');
  });

  it('hides separators and very short values entirely', () => {
    expect(maskDni('12.345.678')).toBe('****5678');
    expect(maskDni('123')).toBe('****');
    expect(maskDni('')).toBe('****');
  });
});

describe('parseDni', () => {
  it('drops dots, spaces and leading zeros', () => {
    expect(parseDni('12.345.678')).toBe('12345678');
    expect(parseDni(' 01234567 ')).toBe('1234567');
  });

  it('refuses what is not a 7- or 8-digit DNI', () => {
    expect(parseDni('123456')).toBeNull();
    expect(parseDni('123456789')).toBeNull();
    expect(parseDni('12a45678')).toBeNull();
    expect(parseDni('')).toBeNull();
  });
});

describe('dniFromCuil', () => {
  it('takes the 8 middle digits of a CUIL/CUIT, with or without dashes', () => {
    expect(dniFromCuil('20-12345678-9')).toBe('12345678');
    expect(dniFromCuil('27284567124')).toBe('28456712');
    expect(dniFromCuil('20 12.345.678 9')).toBe('12345678');
  });

  it('removes the zero a 7-digit DNI is padded with inside the CUIL', () => {
    expect(dniFromCuil('27-07654321-1')).toBe('7654321');
  });

  it('refuses values that are not 11 digits or hold no DNI', () => {
    expect(dniFromCuil('20-1234567-9')).toBeNull();
    expect(dniFromCuil('20-12345678-90')).toBeNull();
    expect(dniFromCuil('2O-12345678-9')).toBeNull();
    expect(dniFromCuil('20-00012345-9')).toBeNull();
  });
});

describe('registrySexo', () => {
  it('maps male/female and the registry letters, any case', () => {
    expect(registrySexo('male')).toBe('M');
    expect(registrySexo('Female')).toBe('F');
    expect(registrySexo('m')).toBe('M');
    expect(registrySexo('X')).toBe('X');
  });

  it('returns null for anything else', () => {
    expect(registrySexo('unknown')).toBeNull();
    expect(registrySexo('')).toBeNull();
  });
});

describe('trámite', () => {
  it('compares as numbers: leading zeros are not significant', () => {
    expect(parseTramite('00612345678')).toBe(612345678);
    expect(sameTramite('00612345678', 612345678)).toBe(true);
    expect(sameTramite('612345678', '612345679')).toBe(false);
  });

  it('refuses values that are not digits', () => {
    expect(parseTramite('61234-5678')).toBeNull();
    expect(parseTramite('')).toBeNull();
    expect(parseTramite(-1)).toBeNull();
    expect(sameTramite('abc', 'abc')).toBe(false);
  });
});
