import type { OutboundHttp } from '@app/outbound';
import type { RegistrySexo } from '../identity/sexo';

/** Where and as whom to call the registry; per organization (its KYC settings), so per call. */
export interface RenaperCredentials {
  /** Whose settings these are: registry tokens (and the quota they draw on) are never shared between organizations. */
  organizationId: string;
  baseUrl: string;
  username: string;
  password: string;
}

/** `sexo` accepts the registry's letters and `male` / `female`. */
export type SexoInput = RegistrySexo | 'male' | 'female' | (string & {});

export interface PersonQuery {
  dni: string;
  sexo: SexoInput;
  /** Número de trámite as printed (leading zeros allowed) or as a number. */
  tramite: string | number;
}

export type PersonCheckStatus = 'match' | 'not_found' | 'data_mismatch' | 'not_valid' | 'deceased';

/**
 * The data check's outcome. Deliberately without names, addresses or dates: the contract forbids
 * returning them, so they never leave the client.
 */
export interface PersonCheck {
  /** The headline, by precedence: not_found, deceased, data_mismatch, not_valid, match. */
  status: PersonCheckStatus;
  /** The trámite is the card's principal trámite or its reprint's. */
  tramiteMatches: boolean;
  /** The registry says the card is current (and its expiry date, when given, has not passed). */
  dniValid: boolean;
  deceased: boolean;
}

export interface FaceSubmission {
  dni: string;
  sexo: SexoInput;
  /** The selfie, JPEG bytes. Never logged. */
  jpeg: Buffer;
}

export interface SubmittedFace {
  transactionControlNumber: string;
}

export type FacePoll = { status: 'pending' } | { status: 'match' | 'no_match'; score: number | null };

export interface RenaperClientOptions {
  /** The outbound guard (egress policy, no redirects); default: public addresses only. */
  outbound?: OutboundHttp;
  /** Per HTTP call, body included. Default 15 000 ms. */
  timeoutMs?: number;
  /** Largest answer read from the registry; a larger one is a permanent failure. Default 1 MB. */
  maxResponseBytes?: number;
  /** A cached token is renewed this long before the end of its Argentine day. Default 60 000 ms. */
  tokenRenewalMarginMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
}
