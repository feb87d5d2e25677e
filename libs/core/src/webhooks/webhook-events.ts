/** Webhook event names of the contract that this service sends. */
export const WEBHOOK_EVENTS = {
  /** A face-match verification changed after the worker finished its RENAPER double-check. */
  faceMatchUpdated: 'kyc.face_match.updated',
} as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS];
