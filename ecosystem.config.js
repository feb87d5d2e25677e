// PM2: `npm run build && pm2 start ecosystem.config.js` runs API_INSTANCES API processes (default 2)
// in PM2's cluster mode, all on PORT (PM2 balances connections between them), and
// WORKER_INSTANCES workers (default 2). Every instance gets the same environment: that is what makes
// them replicas (one database, one REDIS_PREFIX, one storage, the same keys and ADMIN_TOKEN).
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
  ...(process.env.REDIS_PREFIX && { REDIS_PREFIX: process.env.REDIS_PREFIX }),
  ...(process.env.ADMIN_TOKEN && { ADMIN_TOKEN: process.env.ADMIN_TOKEN }),
  ...(process.env.STORAGE_DIR && { STORAGE_DIR: process.env.STORAGE_DIR }),
};

module.exports = {
  apps: [
    {
      name: 'kyc-api',
      script: 'dist/apps/api/apps/api/src/main.js',
      exec_mode: 'cluster',
      instances: Number(process.env.API_INSTANCES || 2),
      kill_timeout: 20000,
      env,
    },
    {
      name: 'kyc-worker',
      script: 'dist/apps/worker/apps/worker/src/main.js',
      exec_mode: 'fork',
      instances: Number(process.env.WORKER_INSTANCES || 2),
      // With WORKER_METRICS_PORT set, PM2 gives instance i the port WORKER_METRICS_PORT + i.
      ...(process.env.WORKER_METRICS_PORT && { increment_var: 'WORKER_METRICS_PORT' }),
      kill_timeout: 35000,
      env: { ...env, WORKER_METRICS_PORT: process.env.WORKER_METRICS_PORT || '0' },
    },
  ],
};
