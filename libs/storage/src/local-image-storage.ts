import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ImageStorage, StorageProvider } from './image-storage';
import { sameProviderOnly } from './provider-routed-image-storage';

/** Images are personal data: readable by the service's user only. */
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** Images on the local filesystem, under one root folder. */
export class LocalImageStorage implements ImageStorage {
  readonly provider = 'local' as const;
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
  }

  async put(path: string, bytes: Buffer): Promise<void> {
    const target = this.resolve(path);
    await mkdir(dirname(target), { recursive: true, mode: DIRECTORY_MODE });
    // Written beside the target then renamed: readers see the old bytes or the new ones, never half.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(temporary, 'wx', FILE_MODE);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(path: string): Promise<Buffer | null> {
    try {
      return await readFile(this.resolve(path));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(path: string): Promise<void> {
    await rm(this.resolve(path), { force: true });
  }

  forProvider(provider: StorageProvider): ImageStorage {
    return sameProviderOnly(this, provider);
  }

  /** The absolute file of a storage path; refuses anything that would land outside the root. */
  private resolve(path: string): string {
    if (!path || path.includes('\0') || isAbsolute(path) || path.includes('\\')) {
      throw new Error(`Invalid storage path: ${JSON.stringify(path)}`);
    }
    const target = resolve(join(this.root, path));
    if (!target.startsWith(this.root + sep)) throw new Error(`Storage path escapes the storage root: ${JSON.stringify(path)}`);
    return target;
  }
}
