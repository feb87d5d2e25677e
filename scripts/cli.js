#!/usr/bin/env node
'use strict';
/**
 * `npm run cli -- <command>`: runs the compiled CLI, building it first (`nest build cli`) when it is
 * missing or older than any TypeScript source it is compiled from. Build output goes to stderr so
 * that `--json` output on stdout stays machine-readable.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// The cli app compiles apps/cli and libs together, so tsc keeps the repository layout under outDir.
const entry = path.join(root, 'dist/apps/cli/apps/cli/src/main.js');
const sourceDirs = [path.join(root, 'apps/cli'), path.join(root, 'libs')];
// Two invocations must not build at once: `nest build` empties dist/apps/cli first.
const lockDir = path.join(root, 'dist/.cli-build.lock');
const LOCK_WAIT_MS = 120_000;

function newestSourceTime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules') continue;
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    // Specs are not part of the build, so editing one must not trigger a rebuild.
    else if (item.name.endsWith('.ts') && !item.name.endsWith('spec.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(entry)) return true;
  const built = fs.statSync(entry).mtimeMs;
  return sourceDirs.some((dir) => fs.existsSync(dir) && newestSourceTime(dir) > built);
}

function build() {
  const started = Date.now();
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir); // atomic: whoever creates it builds
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - started > LOCK_WAIT_MS) {
        process.stderr.write(`Another CLI build seems stuck; remove ${lockDir} if no build is running.\n`);
        process.exit(1);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!isStale()) return true; // built by the process we waited for
    process.stderr.write('Building the CLI (nest build cli)...\n');
    const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [root] });
    const result = spawnSync(process.execPath, [nest, 'build', 'cli'], { cwd: root, stdio: ['ignore', 2, 2] });
    return result.status === 0 && fs.existsSync(entry);
  } finally {
    fs.rmdirSync(lockDir);
  }
}

if (isStale() && !build()) {
  process.stderr.write('The CLI could not be built; see the errors above.\n');
  process.exit(1);
}

require(entry);
