// PM2: `npm run build && pm2 start ecosystem.config.js` runs the API and the worker.
// Both exit 0 on SIGTERM after finishing their work (bounded); kill_timeout leaves them the time.
const env = {
  NODE_ENV: 'production',
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kyc',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
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
