// PM2: `npm run build && pm2 start ecosystem.config.js` runs the API and the worker.
// Both exit 0 on SIGTERM after finishing their work (bounded); kill_timeout leaves them the time.
const env = {
  NODE_ENV: 'production',
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kyc',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  // Required in production: face images are encrypted at rest (`id:base64key,...` and the active id).
  ...(process.env.BIOMETRIC_ENCRYPTION_KEYS && { BIOMETRIC_ENCRYPTION_KEYS: process.env.BIOMETRIC_ENCRYPTION_KEYS }),
  ...(process.env.BIOMETRIC_ENCRYPTION_KEY_ID && { BIOMETRIC_ENCRYPTION_KEY_ID: process.env.BIOMETRIC_ENCRYPTION_KEY_ID }),
  // RENAPER and webhook calls to private networks are refused in production; list internal targets here.
  ...(process.env.OUTBOUND_ALLOW_HOSTS && { OUTBOUND_ALLOW_HOSTS: process.env.OUTBOUND_ALLOW_HOSTS }),
};

module.exports = {
  apps: [
    {
      name: 'kyc-api',
      script: 'dist/apps/api/apps/api/src/main.js',
      instances: 1,
      kill_timeout: 20000,
      env,
    },
    {
      name: 'kyc-worker',
      script: 'dist/apps/worker/apps/worker/src/main.js',
      instances: 1,
      kill_timeout: 35000,
      env,
    },
  ],
};
