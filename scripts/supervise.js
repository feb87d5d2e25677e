'use strict';
// Runs built apps as child processes, prefixes their output with their name, and stops them all
// (SIGTERM, then exit) when one exits or on Ctrl-C/SIGTERM. Used by `npm start` and `npm run start:cluster`.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function prefix(name, stream, target) {
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const line of lines) target.write(`[${name}] ${line}\n`);
  });
}

/** `apps`: [{ name, entry, env? }] — each runs `node <entry>` with process.env plus its own env. */
function supervise(apps) {
  const children = [];
  let stopping = false;

  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 10_000).unref();
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => process.exit(code));
  }

  for (const app of apps) {
    const child = spawn(process.execPath, [path.join(root, app.entry)], { cwd: root, env: { ...process.env, ...app.env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
}

module.exports = { supervise };
