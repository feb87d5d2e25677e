import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetEnvironmentCache } from '@app/core';
import { isEnvelope } from './encryption/envelope';
import { IMAGE_STORAGE, ImageStorage } from './image-storage';
import { LocalImageStorage } from './local-image-storage';
import { StorageModule } from './storage.module';

describe('StorageModule', () => {
  const root = mkdtempSync(join(tmpdir(), 'kyc-storage-module-'));
  const saved = process.env.STORAGE_DIR;
  afterAll(() => {
    if (saved === undefined) delete process.env.STORAGE_DIR;
    else process.env.STORAGE_DIR = saved;
    resetEnvironmentCache();
    rmSync(root, { recursive: true, force: true });
  });

  it('provides an encrypting local storage rooted at STORAGE_DIR', async () => {
    process.env.STORAGE_DIR = root;
    resetEnvironmentCache();
    const moduleRef = await Test.createTestingModule({ imports: [StorageModule] }).compile();
    const storage = moduleRef.get<ImageStorage>(IMAGE_STORAGE);
    expect(storage.provider).toBe('local');

    await storage.put('probe/file.jpg', Buffer.from('bytes'));
    const direct = await new LocalImageStorage(root).get('probe/file.jpg');
    expect(direct && isEnvelope(direct)).toBe(true);
    expect(direct?.includes(Buffer.from('bytes'))).toBe(false);
    await expect(storage.get('probe/file.jpg')).resolves.toEqual(Buffer.from('bytes'));
    await moduleRef.close();
  });
});
