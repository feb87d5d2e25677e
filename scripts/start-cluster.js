#!/usr/bin/env node
// `npm run start:cluster`: after `npm run build`, CLUSTER_APIS API processes (default 2) on
// consecutive ports PORT, PORT+1, ... and CLUSTER_WORKERS workers (default 2), all on the same
// environment (database, REDIS_PREFIX, storage, keys). Put a reverse proxy or load balancer in front
// of the API ports (deploy/nginx.conf shows one). Worker i serves its metrics on
// WORKER_METRICS_PORT + i when WORKER_METRICS_PORT is set. Stops them all when one exits.
// These two variables are read by this launcher only, not by the apps.
'use strict';
const { supervise } = require('./supervise');

function count(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    process.stderr.write(`${name} must be an integer from 1 to 64 (got ${process.env[name]})\n`);
    process.exit(1);
  }
  return value;
}

const apis = count('CLUSTER_APIS', 2);
const workers = count('CLUSTER_WORKERS', 2);
const basePort = Number(process.env.PORT || 3000);
const metricsPort = Number(process.env.WORKER_METRICS_PORT || 0);

const apps = [];
for (let i = 0; i < apis; i++) apps.push({ name: `api-${i + 1}:${basePort + i}`, entry: 'dist/apps/api/apps/api/src/main.js', env: { PORT: String(basePort + i) } });
for (let i = 0; i < workers; i++) {
  apps.push({ name: `worker-${i + 1}`, entry: 'dist/apps/worker/apps/worker/src/main.js', env: { WORKER_METRICS_PORT: String(metricsPort === 0 ? 0 : metricsPort + i) } });
}
supervise(apps);
