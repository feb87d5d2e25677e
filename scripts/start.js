#!/usr/bin/env node
// `npm start`: runs the API, the worker and (in development) the RENAPER sandbox, after `npm run build`,
// as separate processes, prefixes their
// output, and stops both when either exits or on Ctrl-C/SIGTERM. In production use PM2, systemd or
// docker compose instead (see README).
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const apps = [
  { name: 'api', entry: 'dist/apps/api/apps/api/src/main.js' },
  { name: 'worker', entry: 'dist/apps/worker/apps/worker/src/main.js' },
];
// In development the RENAPER sandbox runs beside them (http://127.0.0.1:4010, set it as an
// organization's renaper.baseUrl); RENAPER_SANDBOX=off leaves it out.
if ((process.env.RENAPER_SANDBOX || 'on') !== 'off' && process.env.NODE_ENV !== 'production') {
  apps.push({ name: 'renaper-sandbox', entry: 'dist/apps/renaper-sandbox/apps/renaper-sandbox/src/main.js' });
}

const children = [];
let stopping = false;

function prefix(name, stream, target) {
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const line of lines) target.write(`[${name}] ${line}\n`);
  });
}

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => process.exit(code));
}

for (const app of apps) {
  const child = spawn(process.execPath, [path.join(root, app.entry)], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  prefix(app.name, child.stdout, process.stdout);
  prefix(app.name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[${app.name}] exited (${signal ?? code}); stopping the others\n`);
      stopAll(code || 1);
    }
  });
  children.push(child);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
