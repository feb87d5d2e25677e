#!/usr/bin/env node
// CI accuracy gate: runs `bench:accuracy --json` on a labelled folder (plain and --docsim) and fails
// when AUC < 0.995 or TAR at FAR 1e-3 falls more than 0.01 below the floor we measured (docs/accuracy.md).
// The top-level figures of --json are the default configuration's (FACE_EMBEDDERS=fr,frnet, fused);
// each embedder alone is printed for information (`variants`).
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const data = path.resolve(process.argv[2] || '../shared/faces/deepface');

/**
 * TAR at FAR 1e-3 of the default configuration (fr + frnet fused) measured on ../shared/faces/deepface
 * (models/README.md, "Measured accuracy and latency"): all pairs 148/148, docsim 288/296.
 */
const MEASURED_TAR_1E3 = { plain: 1.0, docsim: 0.973 };
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
  for (const [name, variant] of Object.entries(result.variants ?? {})) {
    console.log(`  ${name.padEnd(9)} AUC ${variant.auc.toFixed(4)}  TAR@FAR1e-3 ${variant.tar['1e-3'].toFixed(3)}`);
  }
}
process.exit(failed ? 1 : 0);
