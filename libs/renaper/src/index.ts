export { RenaperClient } from './client/renaper-client';
export type {
  FacePoll,
  FaceSubmission,
  PersonCheck,
  PersonCheckStatus,
  PersonQuery,
  RenaperClientOptions,
  RenaperCredentials,
  SexoInput,
  SubmittedFace,
} from './client/renaper.types';
export { RenaperPermanentError, RenaperTransientError } from './http/renaper-errors';
export { dniFromCuil, maskDni, parseDni } from './identity/dni';
export { type RegistrySexo, registrySexo } from './identity/sexo';
export { parseTramite, sameTramite } from './identity/tramite';
export { argentinaEndOfDay, formatRegistryDate, formatRegistryTime, parseRegistryDate } from './time/argentina-time';
