export type StorageProvider = 'local' | 's3';

/**
 * Where face images live. Paths are relative, slash-separated keys (see `faceMatchImagePath`), the
 * same for every provider, so a row's `*_storage_path` stays valid if the bytes move to S3.
 */
export interface ImageStorage {
  readonly provider: StorageProvider;
  /** Stores the bytes, replacing any previous ones, all or nothing. */
  put(path: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or null when nothing is stored at `path`. */
  get(path: string): Promise<Buffer | null>;
  /** Removes the bytes; removing what is not there is not an error (erasure may be retried). */
  delete(path: string): Promise<void>;
  /**
   * The storage holding the images of a record written to `provider` (rows name theirs, e.g.
   * `storageProvider`), so records written before STORAGE_PROVIDER changed stay readable and erasable.
   * Throws `SERVICE_UNAVAILABLE` when this process has no settings for that provider.
   */
  forProvider(provider: StorageProvider): ImageStorage;
}

/** Injection token of the configured `ImageStorage`. */
export const IMAGE_STORAGE = Symbol('IMAGE_STORAGE');
