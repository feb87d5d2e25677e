import { RenaperPermanentError } from '../http/renaper-errors';
import { asArray, asNumber, asObject, asText, type RegistryObject } from '../http/registry-json';
import type { FacePoll } from './renaper.types';

/** resultadoTCN's `data.codigo` 1: the token expired; get a new one and ask again. */
export const TOKEN_EXPIRED = Symbol('token expired');

/** Reads an apiInline_v3 answer: the transaction control number to poll with. */
export function readSubmittedFace(body: RegistryObject): string {
  const data = asObject(body.data);
  const notice = asObject(data?.notificacion);
  const tcn = asText(notice?.transactioncontrolnumber);
  if (tcn !== null) return tcn;
  const codigo = asNumber(data?.codigo);
  const firstError = asObject(asArray(notice?.errorarray)[0]);
  const errorName = asText(firstError?.name) ?? asText(firstError?.code);
  if (codigo === null && errorName === null)
    throw new RenaperPermanentError('face_submit', 'malformed answer (no transactionControlNumber)');
  throw new RenaperPermanentError('face_submit', `refused (codigo ${codigo ?? '?'}${errorName ? `, ${errorName}` : ''})`);
}

const FAILED = /ERROR|FAIL|RECHAZ/;

/**
 * Reads a resultadoTCN answer. HIT / NO_HIT are final; a status naming an error is a failure; any
 * other status (or none) means the registry has not compared the face yet.
 */
export function readFaceResult(body: RegistryObject): FacePoll | typeof TOKEN_EXPIRED {
  const data = asObject(body.data);
  if (data === null) throw new RenaperPermanentError('face_result', 'malformed answer (no data)');
  const codigo = asNumber(data.codigo);
  if (codigo === 1) return TOKEN_EXPIRED;
  if (codigo !== null && codigo !== 0) throw new RenaperPermanentError('face_result', `refused (codigo ${codigo})`);

  const notice = asObject(data.notificacion);
  const status =
    asText(notice?.status)
      ?.toUpperCase()
      .replace(/[\s-]+/g, '_') ?? '';
  const score = asNumber(notice?.score);
  if (status === 'HIT') return { status: 'match', score };
  if (status === 'NO_HIT' || status === 'NOHIT') return { status: 'no_match', score };
  if (FAILED.test(status)) throw new RenaperPermanentError('face_result', `registry could not compare the face (${status})`);
  return { status: 'pending' };
}
