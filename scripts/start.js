#!/usr/bin/env node
// `npm start`: runs the API, the worker and (in development) the RENAPER sandbox, after `npm run build`,
// as separate processes, prefixes their output, and stops both when either exits or on
// Ctrl-C/SIGTERM. In production use PM2, systemd or docker compose instead (see docs/operations.md);
// `npm run start:cluster` runs several of each.
'use strict';
const { supervise } = require('./supervise');

const apps = [
  { name: 'api', entry: 'dist/apps/api/apps/api/src/main.js' },
  { name: 'worker', entry: 'dist/apps/worker/apps/worker/src/main.js' },
];
// In development the RENAPER sandbox runs beside them (http://127.0.0.1:4010, set it as an
// organization's renaper.baseUrl); RENAPER_SANDBOX=off leaves it out.
if ((process.env.RENAPER_SANDBOX || 'on') !== 'off' && process.env.NODE_ENV !== 'production') {
  apps.push({ name: 'renaper-sandbox', entry: 'dist/apps/renaper-sandbox/apps/renaper-sandbox/src/main.js' });
}

supervise(apps);
