import { formatRegistryDate, formatRegistryTime, sameTramite } from '@app/renaper';
import type { FixturePerson } from '../people/fixture-people';
import type { FaceTransaction } from './face-transactions';
import type { Json } from './key-case';

/** An answer of the registry: HTTP status and body, keys in the registry's own casing. */
export interface RegistryAnswer {
  status: number;
  body: Json;
}

const answer = (status: number, body: Json): RegistryAnswer => ({ status, body });

export const tokenIssued = (token: string) => answer(200, { codigo_http: 200, data: { codigo: 0, token } });

export const credentialsRefused = () =>
  answer(401, { codigo_http: 401, data: { codigo: 401, mensaje: 'Usuario y/o contraseña incorrectos' } });

/** The data endpoints answer a missing, unknown or expired token like any HTTP service would. */
export const unauthorized = () => answer(401, { codigo_http: 401, mensaje: 'Unauthorized - token inválido o vencido' });

/** resultadoTCN says "expired" in its body, as the registry does. */
export const tokenExpiredResult = () => answer(200, { codigo_http: 200, data: { codigo: 1, mensaje: 'Token vencido' } });

export const badRequest = (mensaje: string) => answer(400, { codigo_http: 400, data: { codigo: 400, mensaje } });

/** The registry's IP allow-list refuses the caller before anything else. */
export const addressNotAllowed = (): RegistryAnswer => answer(403, 'FORBIDDEN - REMOTE ADDRESS NOT ALLOWED');

export const injectedFailure = (status: number) =>
  answer(status, { codigo_http: status, mensaje: status === 429 ? 'Too Many Requests' : 'Servicio no disponible' });

const EMPTY_ADDRESS = {
  calle: '',
  numero: '',
  piso: '',
  departamento: '',
  cpostal: '',
  barrio: '',
  monoblock: '',
  ciudad: '',
  municipio: '',
  provincia: '',
  pais: '',
};

/**
 * porDniSexoTramite. A known person is answered whatever trámite was asked for, with her own
 * ID_TRAMITE_PRINCIPAL, so a client sees the mismatch; an unknown one gets ID_TRAMITE_PRINCIPAL 0.
 */
export function personData(person: FixturePerson | undefined): RegistryAnswer {
  if (!person) {
    return answer(200, {
      ID_TRAMITE_PRINCIPAL: 0,
      ID_TRAMITE_TARJETA_REIMPRESA: 0,
      EJEMPLAR: '',
      VENCIMIENTO: '',
      EMISION: '',
      apellido: '',
      nombres: '',
      fechaNacimiento: '',
      cuil: '',
      ...EMPTY_ADDRESS,
      mensaf: '',
      codigo: 99,
      mensaje: 'No se encontraron datos para los parámetros ingresados',
    });
  }
  const address = person.domicilio;
  return answer(200, {
    ID_TRAMITE_PRINCIPAL: Number(person.tramite),
    ID_TRAMITE_TARJETA_REIMPRESA: person.tramiteReimpresa === null ? 0 : Number(person.tramiteReimpresa),
    EJEMPLAR: person.ejemplar,
    VENCIMIENTO: person.vencimiento,
    EMISION: person.emision,
    apellido: person.apellido,
    nombres: person.nombres,
    fechaNacimiento: person.fechaNacimiento,
    cuil: person.cuil,
    calle: address.calle,
    numero: address.numero,
    piso: address.piso,
    departamento: address.departamento,
    cpostal: address.codigoPostal,
    barrio: address.barrio,
    monoblock: '',
    ciudad: address.ciudad,
    municipio: address.municipio,
    provincia: address.provincia,
    pais: address.pais,
    mensaf: person.fallecido
      ? `Aviso de Fallecimiento - fecha de defunción ${person.fechaFallecimiento ?? ''}`.trim()
      : 'Sin Aviso de Fallecimiento',
    codigo: 0,
    mensaje: 'OK',
  });
}

/**
 * verificaVigencia for the card with trámite `tramite`: the current card (the reprint when there is
 * one) carries the person's validity; a card replaced by a reprint is no longer valid.
 */
export function personValidity(person: FixturePerson | undefined, tramite: string): RegistryAnswer {
  const fallecido = person?.fallecido ? 'SI' : 'NO';
  if (!person) return answer(200, { codigo: 99, mensaje: 'DNI NO ENCONTRADO', vigente: 'NO', fallecido });
  const currentCard = person.tramiteReimpresa ?? person.tramite;
  if (sameTramite(tramite, currentCard)) {
    const vigente = person.vigente && !person.fallecido;
    return answer(200, { codigo: 0, mensaje: vigente ? 'DNI VIGENTE' : 'DNI NO VIGENTE', vigente: vigente ? 'SI' : 'NO', fallecido });
  }
  if (sameTramite(tramite, person.tramite)) {
    return answer(200, { codigo: 0, mensaje: 'DNI NO VIGENTE - EJEMPLAR REEMPLAZADO', vigente: 'NO', fallecido });
  }
  return answer(200, { codigo: 99, mensaje: 'TRAMITE NO ENCONTRADO', vigente: 'NO', fallecido });
}

const notice = (fields: { [key: string]: Json }) => ({
  transactionControlNumber: '',
  typeOfTransaction: 'VALIDACION_FACIAL',
  dateOfTransaction: '',
  errorArray: [] as Json[],
  ...fields,
});

export function faceSubmitted(transaction: FaceTransaction): RegistryAnswer {
  const at = transaction.submittedAt;
  return answer(200, {
    codigo_http: 200,
    data: {
      codigo: 200,
      mensaje: 'Transacción recibida',
      notificacion: notice({
        transactionControlNumber: transaction.transactionControlNumber,
        dateOfTransaction: `${formatRegistryDate(at)} ${formatRegistryTime(at)}`,
      }),
    },
  });
}

/** apiInline_v3 refusing a submission (no such person, not a JPEG...), with its errorArray. */
export function faceRefused(code: string, name: string, description: string): RegistryAnswer {
  return answer(200, {
    codigo_http: 200,
    data: { codigo: Number(code), mensaje: description, notificacion: notice({ errorArray: [{ code, description, name }] }) },
  });
}

/** resultadoTCN: pending until the delay has passed and the comparison finished, then HIT / NO_HIT. */
export function faceResult(transaction: FaceTransaction, now: Date): RegistryAnswer {
  const ready = transaction.verdict !== null && now.getTime() >= transaction.answerAfter;
  const verdict = ready ? transaction.verdict : null;
  return answer(200, {
    codigo_http: 200,
    data: {
      codigo: 0,
      notificacion: {
        TCN: transaction.transactionControlNumber,
        status: verdict ? verdict.status : 'PENDING',
        score: verdict ? verdict.score : '',
        matchtype: verdict ? 'FACIAL' : '',
        comments: verdict ? verdict.comments : 'Transacción en proceso',
        fechanoti: formatRegistryDate(now),
        horanoti: formatRegistryTime(now),
      },
    },
  });
}

export const unknownTransaction = () => answer(200, { codigo_http: 200, data: { codigo: 2, mensaje: 'TCN inexistente' } });
