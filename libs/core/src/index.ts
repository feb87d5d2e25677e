export * from './errors/error-codes';
export * from './errors/domain-error';
export * from './config/environment';
export * from './config/config.namespaces';
export * from './config/encryption-keys';
export * from './process/graceful-shutdown';
export * from './jobs/jobs';
export * from './webhooks/webhook-events';
