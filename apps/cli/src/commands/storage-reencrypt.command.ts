import {
  FaceMatchVerificationRepository,
  IdVerificationRepository,
  KycSettingsRepository,
  LivenessCheckRepository,
  SessionKeyRotationRepository,
} from '@app/audit';
import { storageConfig } from '@app/core';
import { sessionImages } from '@app/session';
import {
  BiometricCipher,
  createBiometricCipher,
  createRoutedStorage,
  EncryptedImageStorage,
  envelopeKeyId,
  ReencryptOutcome,
  SecretSealer,
  sealStoredSecrets,
  StorageProvider,
} from '@app/storage';
import { CliIo, EXIT_FAILURE, EXIT_OK } from '../cli-io';
import { CliContext, defineCommand, flag } from './command';

const BATCH = 200;

type Counts = Record<ReencryptOutcome | 'failed', number>;

export const storageReencryptCommand = defineCommand({
  name: 'storage:reencrypt',
  summary:
    'Encrypt every stored face image, face template, DNI card data and organization secret under the active key (plaintext and older keys); safe to repeat',
  usage: 'storage:reencrypt [--json]',
  options: {
    json: { type: 'boolean', help: '--json   print the counts as one JSON object' },
  },
  parse(values) {
    return { json: flag(values, 'json') };
  },
  async run(input, { container }, io) {
    const log = (message: string) => io.err(message);
    const cipher = await createBiometricCipher(storageConfig(), log);
    const routed = createRoutedStorage(storageConfig());
    try {
      return await reencryptAll(input.json, new EncryptedImageStorage(routed, cipher), cipher, container, io);
    } finally {
      routed.close();
    }
  },
});

async function reencryptAll(
  json: boolean,
  storage: EncryptedImageStorage,
  cipher: BiometricCipher,
  container: CliContext['container'],
  io: CliIo,
): Promise<number> {
  const counts: Counts = { encrypted: 0, rotated: 0, current: 0, missing: 0, failed: 0 };
  const reencrypt = async ({ path, provider, optional }: StoredImage) => {
    try {
      // Each image is rewritten where its row says it is (local or S3), never moved.
      const outcome = await storage.forProvider(provider).reencrypt(path);
      // An optional image (a session's pending document) that is not there is not missing.
      if (!(optional && outcome === 'missing')) counts[outcome] += 1;
    } catch (error) {
      // One unreadable file (a key no longer configured) must not stop the others; it is reported.
      counts.failed += 1;
      io.err(`${provider} ${path}: ${(error as Error).message}`);
    }
  };
  for await (const image of faceMatchImages(container.get(FaceMatchVerificationRepository))) await reencrypt(image);
  const sessions = container.get(SessionKeyRotationRepository);
  for await (const image of allSessionImages(sessions, storage.provider)) await reencrypt(image);
  for await (const image of livenessImages(container.get(LivenessCheckRepository))) await reencrypt(image);
  const templates = await reencryptTemplates(sessions, cipher, (id, error) => io.err(`template ${id}: ${error.message}`));
  const idVerifications = container.get(IdVerificationRepository);
  for await (const image of idVerificationImages(idVerifications)) await reencrypt(image);
  const cardData = await reencryptSealedRows(idVerificationCardData(idVerifications), cipher, (id, error) =>
    io.err(`ID verification ${id}: ${error.message}`),
  );
  const sessionCards = await reencryptSealedRows(sessionCardData(sessions), cipher, (id, error) =>
    io.err(`validation ${id} document reading: ${error.message}`),
  );
  const secrets = await sealStoredSecrets(container.get(KycSettingsRepository), new SecretSealer(cipher), {
    rotate: true,
    report: (organizationId, error) => io.err(`organization ${organizationId} secret: ${error.message}`),
  });

  const summary = { activeKeyId: storage.activeKeyId, ...counts, templates, secrets, cardData, sessionCards };
  if (json) io.out(JSON.stringify(summary));
  else {
    io.out(
      `Active key "${storage.activeKeyId}": ${counts.encrypted} plaintext image(s) encrypted, ${counts.rotated} moved from an older key, ` +
        `${counts.current} already current, ${counts.missing} missing from storage, ${counts.failed} failed; ` +
        `templates: ${templates.rotated} moved from an older key, ${templates.current} already current, ${templates.failed} failed; ` +
        `organization secrets: ${secrets.sealed} plaintext sealed, ${secrets.rotated} moved from an older key, ${secrets.current} already current, ${secrets.failed} failed; ` +
        `DNI card data: ${cardData.rotated} moved from an older key, ${cardData.current} already current, ${cardData.failed} failed; ` +
        `DNI card data of sessions: ${sessionCards.rotated} moved from an older key, ${sessionCards.current} already current, ${sessionCards.failed} failed.`,
    );
  }
  return counts.failed + templates.failed + secrets.failed + cardData.failed + sessionCards.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** A stored image and the provider its row names. */
export interface StoredImage {
  path: string;
  provider: StorageProvider;
  /** May rightly be absent (see SessionImage.optional). */
  optional?: boolean;
}

async function* faceMatchImages(verifications: FaceMatchVerificationRepository): AsyncGenerator<StoredImage> {
  for (let afterId: string | null = null; ;) {
    const page = await verifications.findImagePathsAfter(afterId, BATCH);
    if (page.length === 0) return;
    for (const row of page)
      for (const path of [row.documentStoragePath, row.selfieStoragePath]) if (path !== null) yield { path, provider: row.storageProvider };
    afterId = page[page.length - 1].id;
  }
}

async function* livenessImages(checks: LivenessCheckRepository): AsyncGenerator<StoredImage> {
  for (let afterId: string | null = null; ;) {
    const page = await checks.findImagePathsAfter(afterId, BATCH);
    if (page.length === 0) return;
    for (const row of page) yield { path: row.imageStoragePath, provider: row.storageProvider };
    afterId = page[page.length - 1].id;
  }
}

/** Every session's images, the pending document of a session waiting for its selfie included (`sessionImages`). */
export async function* allSessionImages(
  sessions: Pick<SessionKeyRotationRepository, 'findSessionImagesAfter'>,
  activeProvider: StorageProvider,
): AsyncGenerator<StoredImage> {
  for (let afterId: string | null = null; ;) {
    const page = await sessions.findSessionImagesAfter(afterId, BATCH);
    if (page.length === 0) return;
    for (const row of page) yield* sessionImages(row, activeProvider);
    afterId = page[page.length - 1].kycValidationId;
  }
}

/** Templates are sealed in the database (never plaintext): only a key change applies to them. */
export function reencryptTemplates(
  sessions: Pick<SessionKeyRotationRepository, 'findSealedTemplatesAfter' | 'replaceSealedTemplate'>,
  cipher: BiometricCipher,
  report: (id: string, error: Error) => void,
) {
  const templates: SealedRows = {
    page: async (afterId, limit) =>
      (await sessions.findSealedTemplatesAfter(afterId, limit)).map((row) => ({ id: row.id, sealed: row.template })),
    replace: (id, _previous, next) => sessions.replaceSealedTemplate(id, next),
  };
  return reencryptSealedRows(templates, cipher, report);
}

async function* idVerificationImages(verifications: IdVerificationRepository): AsyncGenerator<StoredImage> {
  for (let afterId: string | null = null; ;) {
    const page = await verifications.findImagePathsAfter(afterId, BATCH);
    if (page.length === 0) return;
    for (const row of page)
      for (const path of [row.documentFrontStoragePath, row.documentBackStoragePath])
        if (path !== null) yield { path, provider: row.storageProvider };
    afterId = page[page.length - 1].id;
  }
}

/** A page of sealed values in id order after `afterId`, and how to replace one (only if unchanged since it was read). */
export interface SealedRows {
  page(afterId: string | null, limit: number): Promise<Array<{ id: string; sealed: Buffer }>>;
  replace(id: string, previous: Buffer, next: Buffer): Promise<unknown>;
}

/**
 * Sealed values kept in the database (the data read from DNI cards by ID verifications and by
 * sessions): like templates, only a key change applies to them.
 */
export async function reencryptSealedRows(rows: SealedRows, cipher: BiometricCipher, report: (id: string, error: Error) => void) {
  const counts = { rotated: 0, current: 0, failed: 0 };
  for (let afterId: string | null = null; ;) {
    const page = await rows.page(afterId, BATCH);
    if (page.length === 0) return counts;
    for (const row of page) {
      try {
        if (envelopeKeyId(row.sealed) === cipher.activeKeyId) counts.current += 1;
        else {
          await rows.replace(row.id, row.sealed, cipher.seal(cipher.open(row.sealed)));
          counts.rotated += 1;
        }
      } catch (error) {
        counts.failed += 1;
        report(row.id, error as Error);
      }
    }
    afterId = page[page.length - 1].id;
  }
}

function idVerificationCardData(verifications: IdVerificationRepository): SealedRows {
  return {
    page: async (afterId, limit) =>
      (await verifications.findSealedDataAfter(afterId, limit)).map((row) => ({ id: row.id, sealed: row.extractedDataSealed })),
    replace: (id, previous, next) => verifications.replaceSealedData(id, previous, next),
  };
}

function sessionCardData(sessions: SessionKeyRotationRepository): SealedRows {
  return {
    page: (afterId, limit) => sessions.findSealedReadingsAfter(afterId, limit),
    replace: (id, previous, next) => sessions.replaceSealedReading(id, previous, next),
  };
}
