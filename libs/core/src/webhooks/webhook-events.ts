/** Webhook event names of the contract that this service sends. */
export const WEBHOOK_EVENTS = {
  /** A face-match verification changed after the worker finished its RENAPER double-check. */
  faceMatchUpdated: 'kyc.face_match.updated',
} as const;

/**
 * One event per status a session-based KYC validation reaches (`created` for the new, pending
 * validation): `kyc.validation_<status>`.
 */
export const KYC_VALIDATION_EVENTS = {
  created: 'kyc.validation_created',
  in_progress: 'kyc.validation_in_progress',
  in_review: 'kyc.validation_in_review',
  approved: 'kyc.validation_approved',
  rejected: 'kyc.validation_rejected',
  expired: 'kyc.validation_expired',
  abandoned: 'kyc.validation_abandoned',
  cancelled: 'kyc.validation_cancelled',
} as const;

export type KycValidationEvent = (typeof KYC_VALIDATION_EVENTS)[keyof typeof KYC_VALIDATION_EVENTS];

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS] | KycValidationEvent;
