import { ImageStorageMigrationRepository, MovableImages, MovableSource } from '@app/audit';
import { storageConfig } from '@app/core';
import { createProviderStorage, ImageStorage, kycValidationImagePath, KycValidationImageKind, StorageProvider } from '@app/storage';
import { CliIo, EXIT_FAILURE, EXIT_OK, UsageError } from '../cli-io';
import { defineCommand, flag, requiredString } from './command';

const BATCH = 100;
const PROVIDERS: StorageProvider[] = ['local', 's3'];
const COUNTED_AS = {
  face_match: 'verifications',
  kyc_validation: 'validations',
  liveness_check: 'livenessChecks',
  id_verification: 'idVerifications',
} as const;

interface Counts {
  /** Face-match verifications, validation sessions, liveness checks and ID verifications now pointing at the target. */
  verifications: number;
  validations: number;
  livenessChecks: number;
  idVerifications: number;
  /** Images copied, verified and removed from the source. */
  images: number;
  /** Rows left where they were because an image is in neither provider (reported by path). */
  missing: number;
  /** Rows that could not be moved (the store was down, a copy did not verify); a later run retries them. */
  failed: number;
}

/**
 * Moves the images every row records from one provider to the other, row by row: copy the sealed
 * bytes as they are (no key is needed, nothing is decrypted), read the copy back and compare, point
 * the row at the target (under the entity's biometrics lock, so an erasure waits or has already
 * run), then delete the source file. Safe to interrupt and run again: only rows still naming the
 * source are visited, and a copy already in the target is verified rather than rewritten.
 */
export const storageMigrateCommand = defineCommand({
  name: 'storage:migrate',
  summary: 'Move stored face images to another provider (local -> s3, or back), verifying each copy; resumable',
  usage: 'storage:migrate --to s3|local [--json]',
  options: {
    to: { type: 'string', help: '--to PROVIDER   s3 or local: where the images go (they come from the other one)' },
    json: { type: 'boolean', help: '--json          print the counts as one JSON object' },
  },
  parse(values) {
    const to = requiredString(values, 'to');
    if (!PROVIDERS.includes(to as StorageProvider)) throw new UsageError(`--to must be s3 or local, got "${to}"`);
    return { to: to as StorageProvider, json: flag(values, 'json') };
  },
  async run(input, { container }, io) {
    const config = storageConfig();
    const from: StorageProvider = input.to === 's3' ? 'local' : 's3';
    const source = createProviderStorage(config, from);
    const target = createProviderStorage(config, input.to);
    if (!source || !target) {
      io.err(
        'storage:migrate needs the S3 settings: set S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT, S3_FORCE_PATH_STYLE for MinIO or Ceph)',
      );
      return EXIT_FAILURE;
    }
    try {
      const counts = await migrateAll(container.get(ImageStorageMigrationRepository), { from, to: input.to, source, target }, io);
      if (input.json) io.out(JSON.stringify({ from, to: input.to, ...counts }));
      else {
        io.out(
          `Moved ${counts.images} image(s) from ${from} to ${input.to}: ${counts.verifications} verification(s), ${counts.validations} validation session(s), ${counts.livenessChecks} liveness check(s) and ${counts.idVerifications} ID verification(s); ` +
            `${counts.missing} row(s) with an image in neither provider, ${counts.failed} failed (run again to retry).`,
        );
      }
      return counts.failed > 0 ? EXIT_FAILURE : EXIT_OK;
    } finally {
      for (const store of [source, target]) if ('close' in store) store.close();
    }
  },
});

interface Route {
  from: StorageProvider;
  to: StorageProvider;
  source: ImageStorage;
  target: ImageStorage;
}

async function migrateAll(rows: ImageStorageMigrationRepository, route: Route, io: CliIo): Promise<Counts> {
  const counts: Counts = { verifications: 0, validations: 0, livenessChecks: 0, idVerifications: 0, images: 0, missing: 0, failed: 0 };
  for (const table of ['face_match', 'kyc_validation', 'liveness_check', 'id_verification'] as const) {
    for (let afterId: string | null = null; ;) {
      const page: MovableImages[] = await rows.findInProviderAfter(table, route.from, afterId, BATCH);
      if (page.length === 0) break;
      for (const row of page) await migrateRow(rows, table, row, route, counts, io);
      afterId = page[page.length - 1].id;
    }
  }
  return counts;
}

async function migrateRow(
  rows: ImageStorageMigrationRepository,
  table: MovableSource,
  row: MovableImages,
  route: Route,
  counts: Counts,
  io: CliIo,
): Promise<void> {
  const paths =
    table === 'kyc_validation'
      ? row.kinds.map((kind) => kycValidationImagePath(row.organizationId, row.id, kind as KycValidationImageKind))
      : row.paths;
  try {
    const outcome = await rows.move(table, row, route.from, route.to, async () => {
      for (const path of paths) {
        if (!(await copyVerified(route, path))) {
          io.err(`${path}: in neither ${route.from} nor ${route.to}; its row stays on ${route.from}`);
          return false;
        }
      }
      return true;
    });
    if (outcome === 'not-copied') counts.missing += 1;
    if (outcome !== 'moved') return;
    // The row names the target now: the source copies are the ones to go.
    for (const path of paths) await route.source.delete(path);
    counts.images += paths.length;
    counts[COUNTED_AS[table]] += 1;
  } catch (error) {
    counts.failed += 1;
    io.err(`${table} ${row.id}: ${(error as Error).message}`);
  }
}

/**
 * Ensures the target holds exactly the source's bytes for `path`, reading the copy back to compare.
 * False when neither has it. A source already gone with the target holding the object is a move an
 * earlier run finished but did not record; the target's copy is kept.
 */
async function copyVerified({ source, target, to }: Route, path: string): Promise<boolean> {
  const bytes = await source.get(path);
  if (bytes === null) return (await target.get(path)) !== null;
  const existing = await target.get(path);
  if (existing === null || !existing.equals(bytes)) await target.put(path, bytes);
  const copy = await target.get(path);
  if (copy === null || !copy.equals(bytes)) throw new Error(`${path}: the copy in ${to} does not match the original; nothing was moved`);
  return true;
}
