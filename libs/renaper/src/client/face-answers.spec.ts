import { RenaperPermanentError } from '../http/renaper-errors';
import { lowerCaseKeys, type RegistryObject } from '../http/registry-json';
import { readFaceResult, readSubmittedFace, TOKEN_EXPIRED } from './face-answers';

const body = (value: Record<string, unknown>) => lowerCaseKeys(value) as RegistryObject;
const result = (notificacion: Record<string, unknown>, codigo = 0) => body({ data: { codigo, notificacion } });

describe('face answers', () => {
  it('reads the transaction control number of a submission', () => {
    expect(readSubmittedFace(body({ data: { codigo: 200, notificacion: { transactionControlNumber: '123' } } }))).toBe('123');
  });

  it('a submission without a number is refused, naming the registry error', () => {
    const refused = body({ data: { codigo: 404, notificacion: { errorArray: [{ code: '404', name: 'PERSONA_NO_ENCONTRADA' }] } } });
    expect(() => readSubmittedFace(refused)).toThrow(/codigo 404, PERSONA_NO_ENCONTRADA/);
    expect(() => readSubmittedFace(body({}))).toThrow(RenaperPermanentError);
  });

  it('HIT and NO_HIT are final, with their score', () => {
    expect(readFaceResult(result({ status: 'HIT', score: '87.5' }))).toEqual({ status: 'match', score: 87.5 });
    expect(readFaceResult(result({ status: 'no_hit', score: 12 }))).toEqual({ status: 'no_match', score: 12 });
    expect(readFaceResult(result({ status: 'NO HIT', score: '' }))).toEqual({ status: 'no_match', score: null });
  });

  it('anything else is still pending; codigo 1 is an expired token', () => {
    expect(readFaceResult(result({ status: 'PENDING' }))).toEqual({ status: 'pending' });
    expect(readFaceResult(result({}))).toEqual({ status: 'pending' });
    expect(readFaceResult(body({ data: { codigo: 1 } }))).toBe(TOKEN_EXPIRED);
  });

  it('an error status or another codigo is a permanent failure', () => {
    expect(() => readFaceResult(result({ status: 'ERROR' }))).toThrow(RenaperPermanentError);
    expect(() => readFaceResult(body({ data: { codigo: 2 } }))).toThrow(/codigo 2/);
    expect(() => readFaceResult(body({}))).toThrow(/no data/);
  });
});
