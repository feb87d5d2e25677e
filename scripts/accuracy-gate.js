#!/usr/bin/env node
// CI accuracy gate: runs `bench:accuracy --json` on a labelled folder (plain and --docsim) and fails
// when AUC < 0.995 or TAR at FAR 1e-3 falls more than 0.01 below the floor we measured (README).
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const data = path.resolve(process.argv[2] || '../shared/faces/deepface');

/** TAR at FAR 1e-3 measured on ../shared/faces/deepface (see README "Accuracy"). */
const MEASURED_TAR_1E3 = { plain: 0.986, docsim: 0.94 };
const MIN_AUC = 0.995;
const TOLERANCE = 0.01;

function bench(mode) {
  const args = ['-r', '@swc-node/register', path.join(root, 'bench/accuracy.ts'), '--data', data, '--json'];
  if (mode === 'docsim') args.push('--docsim');
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop());
}

let failed = false;
for (const mode of ['plain', 'docsim']) {
  const result = bench(mode);
  const tar = result.tar['1e-3'];
  const floor = MEASURED_TAR_1E3[mode] - TOLERANCE;
  const ok = result.auc >= MIN_AUC && tar >= floor;
  failed ||= !ok;
  console.log(
    `accuracy ${mode}: ${ok ? 'ok' : 'FAIL'}  AUC ${result.auc.toFixed(4)} (min ${MIN_AUC})  TAR@FAR1e-3 ${tar.toFixed(3)} (min ${floor.toFixed(3)})  misses ${result.misses}  pairs ${result.pairs.same}/${result.pairs.different}`,
  );
}
process.exit(failed ? 1 : 0);
