import { RenaperPermanentError } from '../http/renaper-errors';
import { lowerCaseKeys, type RegistryObject } from '../http/registry-json';
import { combinePersonCheck, readPersonRecord, readPersonValidity } from './person-answers';

const NOW = new Date('2026-06-01T15:00:00Z');
const body = (value: Record<string, unknown>) => lowerCaseKeys(value) as RegistryObject;
const person = (overrides: Record<string, unknown> = {}) =>
  body({
    ID_TRAMITE_PRINCIPAL: 623451287,
    ID_TRAMITE_TARJETA_REIMPRESA: 0,
    VENCIMIENTO: '15/06/2034',
    mensaf: 'Sin Aviso de Fallecimiento',
    codigo: 0,
    ...overrides,
  });
const VALID = { valid: true, deceased: false };

describe('person answers', () => {
  it('a found person with the right trámite and a current card is a match', () => {
    const check = combinePersonCheck(readPersonRecord(person(), 623451287, NOW), VALID);
    expect(check).toEqual({ status: 'match', tramiteMatches: true, dniValid: true, deceased: false });
  });

  it('ID_TRAMITE_PRINCIPAL 0 is not found, whatever else the answer says', () => {
    const record = readPersonRecord(person({ ID_TRAMITE_PRINCIPAL: 0, codigo: 99 }), 623451287, NOW);
    expect(combinePersonCheck(record, null)).toEqual({ status: 'not_found', tramiteMatches: false, dniValid: false, deceased: false });
  });

  it('another trámite is a data mismatch; the reprint trámite matches', () => {
    expect(combinePersonCheck(readPersonRecord(person(), 623451288, NOW), VALID).status).toBe('data_mismatch');
    const reprinted = person({ ID_TRAMITE_TARJETA_REIMPRESA: '654987321' });
    expect(readPersonRecord(reprinted, 654987321, NOW).tramiteMatches).toBe(true);
  });

  it('a death notice in mensaf or fallecido SI makes the person deceased, ahead of other problems', () => {
    const notice = readPersonRecord(person({ mensaf: 'Aviso de Fallecimiento 12/08/2022' }), 1, NOW);
    expect(combinePersonCheck(notice, VALID)).toMatchObject({ status: 'deceased', deceased: true, tramiteMatches: false });
    const flagged = readPersonRecord(person(), 623451287, NOW);
    expect(combinePersonCheck(flagged, { valid: false, deceased: true }).status).toBe('deceased');
  });

  it('a card the registry calls not current, or past its VENCIMIENTO, is not valid', () => {
    expect(combinePersonCheck(readPersonRecord(person(), 623451287, NOW), { valid: false, deceased: false }).status).toBe('not_valid');
    const expired = readPersonRecord(person({ VENCIMIENTO: '31/05/2026' }), 623451287, NOW);
    expect(combinePersonCheck(expired, VALID)).toMatchObject({ status: 'not_valid', dniValid: false });
  });

  it('reads vigente as a flag, or from the message when absent', () => {
    expect(readPersonValidity(body({ vigente: 'SI', fallecido: 'NO' }))).toEqual({ valid: true, deceased: false });
    expect(readPersonValidity(body({ mensaje: 'DNI NO VIGENTE' })).valid).toBe(false);
    expect(readPersonValidity(body({ MENSAJE: 'DNI VIGENTE', FALLECIDO: 'SI' }))).toEqual({ valid: true, deceased: true });
    expect(() => readPersonValidity(body({ codigo: 0 }))).toThrow(RenaperPermanentError);
  });

  it('an unknown codigo or a missing ID_TRAMITE_PRINCIPAL is a permanent failure', () => {
    expect(() => readPersonRecord(person({ codigo: 7 }), 1, NOW)).toThrow(RenaperPermanentError);
    expect(() => readPersonRecord(body({ codigo: 0 }), 1, NOW)).toThrow(/ID_TRAMITE_PRINCIPAL/);
  });
});
