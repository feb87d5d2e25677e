import { StoredSessionImages } from '@app/audit';
import { KycValidationImageKind, kycValidationImagePath, StorageProvider } from '@app/storage';

/** The images a decision stores (and records in `decision.storage.images`). */
export const DECIDED_IMAGE_KINDS = ['document', 'selfie'] as const satisfies readonly KycValidationImageKind[];

/** One image of a session (see StoredSessionImages for what the database records of them). */
export interface SessionImage {
  kind: KycValidationImageKind;
  path: string;
  provider: StorageProvider;
  /**
   * True for the pending document: it exists only between the document step and the decision (or a
   * close), no row records it, so its absence is normal rather than a missing file.
   */
  optional: boolean;
}

/**
 * Every image a session may hold, with the provider it is in: the decided images its decision
 * recorded, and the document photo waiting for its selfie (no row records that one, so it is looked
 * for in the provider new images are written to). The decision, erasure and re-encryption all use
 * this list, so a new kind of session image is added here once.
 */
export function sessionImages(session: StoredSessionImages, activeProvider: StorageProvider): SessionImage[] {
  const recorded = session.kinds.filter(isDecidedKind).map((kind) => ({
    kind,
    path: kycValidationImagePath(session.organizationId, session.kycValidationId, kind),
    provider: session.storageProvider ?? activeProvider,
    optional: false,
  }));
  const pending: SessionImage = {
    kind: 'pending-document',
    path: pendingDocumentPath(session),
    provider: activeProvider,
    optional: true,
  };
  return [...recorded, pending];
}

/** Where the document photo waits for the selfie (deleted once the decision stored its own copy, or the session closed). */
export function pendingDocumentPath(session: Pick<StoredSessionImages, 'organizationId' | 'kycValidationId'>): string {
  return kycValidationImagePath(session.organizationId, session.kycValidationId, 'pending-document');
}

export type DecidedImageKind = (typeof DECIDED_IMAGE_KINDS)[number];

/** A decided image (document, selfie): recorded by the decision, never optional. */
export function isDecidedImage(image: SessionImage): image is SessionImage & { kind: DecidedImageKind } {
  return isDecidedKind(image.kind);
}

function isDecidedKind(kind: string): kind is DecidedImageKind {
  return (DECIDED_IMAGE_KINDS as readonly string[]).includes(kind);
}
