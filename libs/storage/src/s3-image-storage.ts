import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DomainError } from '@app/core';
import { ImageStorage, StorageProvider } from './image-storage';
import { sameProviderOnly } from './provider-routed-image-storage';

export interface S3StorageSettings {
  /** Unset = AWS S3 for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` addressing (MinIO, Ceph) instead of virtual-hosted buckets. */
  forcePathStyle: boolean;
  /** Bound on connecting and on waiting for a response, per attempt. */
  requestTimeoutMs: number;
  /** Attempts per operation, the first included (the SDK retries throttling, 5xx and network errors). */
  maxAttempts: number;
}

/** Storage keys are the provider-neutral paths (`organizations/<org>/face-match/<id>/selfie.jpg`): ids only, never identity numbers. */
const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/**
 * The object store answered with something other than the object or its absence (down, timed out,
 * refused the credentials, no such bucket). A 503 for the client: the request can be retried, and
 * the worker treats it as transient. The message names the S3 error, never a key or a secret.
 */
export class ImageStorageUnavailableError extends DomainError {
  constructor(operation: string, cause: unknown) {
    super('SERVICE_UNAVAILABLE', `Image storage (S3) is unavailable: ${operation} failed (${describe(cause)})`);
    this.name = 'ImageStorageUnavailableError';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof S3ServiceException) return `${cause.name}, HTTP ${cause.$metadata.httpStatusCode ?? '?'}`;
  if (cause instanceof Error) return (cause as { code?: string }).code ?? cause.name;
  return 'unknown error';
}

function isMissing(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404) &&
    error.name !== 'NoSuchBucket'
  );
}

/**
 * Images as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph). Holds the same bytes a local
 * file would: `EncryptedImageStorage` seals them before they get here. A PUT replaces an object
 * whole, so readers see the old bytes or the new ones, never half.
 */
export class S3ImageStorage implements ImageStorage {
  readonly provider = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3StorageSettings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      maxAttempts: settings.maxAttempts,
      requestHandler: { connectionTimeout: settings.requestTimeoutMs, requestTimeout: settings.requestTimeoutMs },
    });
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  async put(path: string, bytes: Buffer): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: this.settings.bucket,
      Key: key(path),
      Body: bytes,
      ContentLength: bytes.length,
      ContentType: 'application/octet-stream',
    });
    try {
      await this.client.send(command);
    } catch (error) {
      throw new ImageStorageUnavailableError('storing an image', error);
    }
  }

  async get(path: string): Promise<Buffer | null> {
    const command = new GetObjectCommand({ Bucket: this.settings.bucket, Key: key(path) });
    try {
      const response = await this.client.send(command);
      if (!response.Body) return null;
      return Buffer.from(await response.Body.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) return null;
      throw new ImageStorageUnavailableError('reading an image', error);
    }
  }

  /** S3 answers 204 for a key that is not there, so erasure can be retried. */
  async delete(path: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key(path) }));
    } catch (error) {
      if (isMissing(error)) return;
      throw new ImageStorageUnavailableError('deleting an image', error);
    }
  }

  forProvider(provider: StorageProvider): ImageStorage {
    return sameProviderOnly(this, provider);
  }

  /** Closes the client's sockets (the CLI exits cleanly; the app on shutdown). */
  close(): void {
    this.client.destroy();
  }
}

function key(path: string): string {
  if (!SAFE_KEY.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
    throw new Error(`Invalid storage path: ${JSON.stringify(path)}`);
  }
  return path;
}
