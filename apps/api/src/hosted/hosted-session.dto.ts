import type { KycValidationStatus } from '@app/audit';

export type HostedStep = 'consent' | 'document' | 'selfie' | 'result';

/** What the hosted page may know about its session: no ids of the organization, no personal data. */
export class HostedSessionStateDto {
  /** The validation's status (`expired` also when its expiry passed and the sweep has not run yet). */
  status!: KycValidationStatus;
  /** The step the page should show. */
  step!: HostedStep;
  consentGiven!: boolean;
  documentReceived!: boolean;
  expiresAt!: Date;
  /** Where the page sends the person at the end (with `?status=`), or null. */
  callback!: string | null;
}
