export * from './api-key.repository';
export * from './entity.repository';
export * from './face-match-verification.repository';
export * from './kyc-settings.repository';
export * from './kyc-validation.repository';
export * from './organization.repository';
export * from './renaper-check.repository';
export * from './webhook-delivery.repository';
