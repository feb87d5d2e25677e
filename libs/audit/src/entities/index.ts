import { ApiKey } from './api-key.entity';
import { BiometricCheck } from './biometric-check.entity';
import { EntityRecord } from './entity-record.entity';
import { FaceMatchVerification } from './face-match-verification.entity';
import { FaceTemplateRecord } from './face-template.entity';
import { IdVerification } from './id-verification.entity';
import { KycValidation } from './kyc-validation.entity';
import { LivenessCheck } from './liveness-check.entity';
import { KycSettingsChange } from './kyc-settings-change.entity';
import { OrganizationKycSettings } from './organization-kyc-settings.entity';
import { OrganizationMember } from './organization-member.entity';
import { Organization } from './organization.entity';
import { RenaperCheck } from './renaper-check.entity';
import { User } from './user.entity';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

export * from './api-key.entity';
export * from './biometric-check.entity';
export * from './column-types';
export * from './entity-record.entity';
export * from './face-match-verification.entity';
export * from './face-template.entity';
export * from './id-verification.entity';
export * from './kyc-settings-change.entity';
export * from './kyc-validation.entity';
export * from './liveness-check.entity';
export * from './organization-kyc-settings.entity';
export * from './organization-member.entity';
export * from './organization.entity';
export * from './renaper-check.entity';
export * from './user.entity';
export * from './webhook-attempt.entity';
export * from './webhook-delivery.entity';

/** Every entity of the audit database, for the one data source. */
export const AUDIT_ENTITIES = [
  Organization,
  User,
  OrganizationMember,
  ApiKey,
  OrganizationKycSettings,
  KycSettingsChange,
  EntityRecord,
  FaceMatchVerification,
  RenaperCheck,
  WebhookDelivery,
  WebhookAttempt,
  KycValidation,
  FaceTemplateRecord,
  BiometricCheck,
  LivenessCheck,
  IdVerification,
];
