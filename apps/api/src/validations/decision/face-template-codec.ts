import type { FaceTemplate } from '@app/face';
import type { BiometricCipher } from '@app/storage';

/**
 * The sealed form of a face template at rest: the `FaceTemplate` JSON with each vector packed as
 * little-endian float32 in base64 (the embedders compute in float32, so nothing is lost that a
 * score could see), sealed in the biometric envelope. Packed, a template is a few KB instead of
 * ~15 KB of decimal text, so opening an entity's thousand templates costs milliseconds.
 */
interface PackedTemplate {
  embeddings: Array<{ modelVersion: string; f32: string }>;
}

export function sealFaceTemplate(cipher: BiometricCipher, template: FaceTemplate): Buffer {
  const packed: PackedTemplate = {
    embeddings: template.embeddings.map((embedding) => ({
      modelVersion: embedding.modelVersion,
      f32: Buffer.from(Float32Array.from(embedding.vector).buffer).toString('base64'),
    })),
  };
  return cipher.sealJson(packed);
}

/** Opens a sealed template; throws BiometricDecryptionError when it cannot be opened. */
export function openFaceTemplate(cipher: BiometricCipher, sealed: Buffer): FaceTemplate {
  const packed = cipher.openJson<PackedTemplate>(sealed);
  return {
    embeddings: packed.embeddings.map((embedding) => {
      return { modelVersion: embedding.modelVersion, vector: unpackFloat32(embedding.f32) };
    }),
  };
}

/** Base64 of little-endian float32 → numbers, through a typed-array view (fast; no per-value reads). */
function unpackFloat32(base64: string): number[] {
  let bytes: Uint8Array = Buffer.from(base64, 'base64');
  // A Float32Array view needs a 4-byte-aligned offset; pooled buffers usually are, copy when not.
  if (bytes.byteOffset % 4 !== 0) bytes = Uint8Array.from(bytes);
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const vector = new Array<number>(floats.length);
  for (let i = 0; i < floats.length; i++) vector[i] = floats[i];
  return vector;
}
