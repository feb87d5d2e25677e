export type FaceMatchImageKind = 'document' | 'selfie';
export type ImageExtension = 'jpg' | 'jpeg' | 'png' | 'webp' | 'tiff';

const EXTENSIONS: Record<ImageExtension, string> = { jpg: 'jpg', jpeg: 'jpg', png: 'png', webp: 'webp', tiff: 'tiff' };

/** Ids become path segments: only characters that cannot climb out of a folder or need escaping. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

function segment(value: string, what: string): string {
  if (!SAFE_SEGMENT.test(value)) throw new Error(`${what} cannot be used in a storage path: ${JSON.stringify(value)}`);
  return value;
}

/**
 * `organizations/<org>/face-match/<verification>/<kind>.<ext>`: grouped by organization and then by
 * verification, so erasing an organization's or a verification's images is one folder.
 * `jpeg` is written as `jpg`, so the face engine's format name can be passed as is.
 */
export function faceMatchImagePath(
  organizationId: string,
  verificationId: string,
  kind: FaceMatchImageKind,
  extension: ImageExtension,
): string {
  const ext = EXTENSIONS[extension];
  if (!ext) throw new Error(`Unsupported image extension: ${JSON.stringify(extension)}`);
  return `organizations/${segment(organizationId, 'organizationId')}/face-match/${segment(verificationId, 'verificationId')}/${kind}.${ext}`;
}

/** `pending-document`: the document photo of a session waiting for its selfie (deleted by the decision). */
export type KycValidationImageKind = 'document' | 'selfie' | 'pending-document';

/**
 * `organizations/<org>/kyc-validations/<validation>/<kind>`: the images of a validation session.
 * No extension: the format is recognised from the bytes when read, and the path is known from the
 * validation id alone, so erasure needs nothing else.
 */
export function kycValidationImagePath(organizationId: string, validationId: string, kind: KycValidationImageKind): string {
  return `organizations/${segment(organizationId, 'organizationId')}/kyc-validations/${segment(validationId, 'validationId')}/${kind}`;
}

/**
 * `organizations/<org>/liveness/<check>/selfie`: the image of one `POST /api/kyc/liveness` call. No
 * extension (the format is read from the bytes), so erasure and re-encryption need only the id.
 */
export function livenessImagePath(organizationId: string, checkId: string): string {
  return `organizations/${segment(organizationId, 'organizationId')}/liveness/${segment(checkId, 'checkId')}/selfie`;
}

export type IdVerificationImageKind = 'document-front' | 'document-back';

/** `organizations/<org>/id-verification/<verification>/<kind>`: no extension, the format is read from the bytes. */
export function idVerificationImagePath(organizationId: string, verificationId: string, kind: IdVerificationImageKind): string {
  return `organizations/${segment(organizationId, 'organizationId')}/id-verification/${segment(verificationId, 'verificationId')}/${kind}`;
}
