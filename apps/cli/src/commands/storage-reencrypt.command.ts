import { FaceMatchVerificationRepository } from '@app/audit';
import { storageConfig } from '@app/core';
import { createImageStorage, ReencryptOutcome } from '@app/storage';
import { EXIT_FAILURE, EXIT_OK } from '../cli-io';
import { defineCommand, flag } from './command';

const BATCH = 200;

type Counts = Record<ReencryptOutcome | 'failed', number>;

export const storageReencryptCommand = defineCommand({
  name: 'storage:reencrypt',
  summary: 'Encrypt every stored face image under the active key (plaintext and older keys); safe to repeat',
  usage: 'storage:reencrypt [--json]',
  options: {
    json: { type: 'boolean', help: '--json   print the counts as one JSON object' },
  },
  parse(values) {
    return { json: flag(values, 'json') };
  },
  async run(input, { dataSource }, io) {
    const storage = await createImageStorage(storageConfig(), (message) => io.err(message));
    const verifications = new FaceMatchVerificationRepository(dataSource);
    const counts: Counts = { encrypted: 0, rotated: 0, current: 0, missing: 0, failed: 0 };
    let afterId: string | null = null;
    for (;;) {
      const page = await verifications.findImagePathsAfter(afterId, BATCH);
      if (page.length === 0) break;
      for (const row of page) {
        for (const path of [row.documentStoragePath, row.selfieStoragePath]) {
          if (path === null) continue;
          try {
            counts[await storage.reencrypt(path)] += 1;
          } catch (error) {
            // One unreadable file (a key no longer configured) must not stop the others; it is reported.
            counts.failed += 1;
            io.err(`${path}: ${(error as Error).message}`);
          }
        }
      }
      afterId = page[page.length - 1].id;
    }
    if (input.json) io.out(JSON.stringify({ activeKeyId: storage.activeKeyId, ...counts }));
    else {
      io.out(
        `Active key "${storage.activeKeyId}": ${counts.encrypted} plaintext image(s) encrypted, ${counts.rotated} moved from an older key, ` +
          `${counts.current} already current, ${counts.missing} missing from storage, ${counts.failed} failed.`,
      );
    }
    return counts.failed > 0 ? EXIT_FAILURE : EXIT_OK;
  },
});
