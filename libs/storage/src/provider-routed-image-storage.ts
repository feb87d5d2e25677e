import { DomainError } from '@app/core';
import { ImageStorage, StorageProvider } from './image-storage';

/** A provider this process has no settings for (e.g. a row written to S3, read by a process without S3_*). */
function providerNotConfigured(provider: StorageProvider): DomainError {
  return new DomainError(
    'SERVICE_UNAVAILABLE',
    `These images are in the ${provider} image storage, which this process is not configured for (STORAGE_PROVIDER and S3_* must be equal on every replica)`,
  );
}

/** The one provider a plain store is: asking it for another is a configuration error. */
export function sameProviderOnly(storage: ImageStorage, provider: StorageProvider): ImageStorage {
  if (provider === storage.provider) return storage;
  throw providerNotConfigured(provider);
}

/**
 * New images go to the configured provider; a record's images are read and erased through the
 * provider its row names (`forProvider`), which is built on first use: a local-only deployment never
 * needs S3 settings, and an S3 deployment still reads the local rows `storage:migrate` has not moved yet.
 */
export class ProviderRoutedImageStorage implements ImageStorage {
  private readonly built = new Map<StorageProvider, ImageStorage>();

  constructor(
    private readonly active: ImageStorage,
    private readonly build: (provider: StorageProvider) => ImageStorage | null,
  ) {
    this.built.set(active.provider, active);
  }

  get provider(): StorageProvider {
    return this.active.provider;
  }

  put(path: string, bytes: Buffer): Promise<void> {
    return this.active.put(path, bytes);
  }

  get(path: string): Promise<Buffer | null> {
    return this.active.get(path);
  }

  delete(path: string): Promise<void> {
    return this.active.delete(path);
  }

  forProvider(provider: StorageProvider): ImageStorage {
    const known = this.built.get(provider);
    if (known) return known;
    const storage = this.build(provider);
    if (!storage) throw providerNotConfigured(provider);
    this.built.set(provider, storage);
    return storage;
  }

  /** Closes what holds sockets (the S3 clients built so far). */
  close(): void {
    for (const storage of this.built.values()) {
      if ('close' in storage && typeof storage.close === 'function') (storage as { close(): void }).close();
    }
  }
}
