import type { FaceAnalysis } from '../face.types';
import { isSameCapture, SAME_CAPTURE_BOUNDS } from './same-capture';

function analysis(faceHash: string, vectors: Record<string, number[]>): FaceAnalysis {
  const face = { box: { x: 0, y: 0, width: 100, height: 100 }, confidence: 0.99, sizePx: 100 };
  return {
    image: { format: 'jpeg', width: 200, height: 200 },
    faces: [face],
    primary: {
      ...face,
      landmarks5: [],
      pose: { yaw: 0, roll: 0, scale: 0.3 },
      faceHash,
      quality: { low: false, reasons: [] },
      template: { embeddings: Object.entries(vectors).map(([modelVersion, vector]) => ({ modelVersion, vector })) },
    },
    timings: { decodeMs: 0, detectMs: 0, embedMs: 0, embedders: {} },
  };
}

/** A unit vector at `cosine` from [1, 0]. */
const at = (cosine: number) => [cosine, Math.sqrt(1 - cosine * cosine)];

describe('isSameCapture', () => {
  const document = { bytes: Buffer.from('document'), analysis: analysis('00000000000000ff', { a: [1, 0], b: [1, 0] }) };

  it('is the same capture when the bytes are identical, whatever the analysis', () => {
    const verdict = isSameCapture(document, { bytes: Buffer.from('document'), analysis: analysis('ffffffffffffffff', { a: [0, 1] }) });
    expect(verdict).toEqual({ same: true, reason: 'same-bytes', hashDistance: 0, cosine: 1 });
  });

  it('is the same capture when the face hashes are close and every shared embedding is near-identical', () => {
    const copy = { bytes: Buffer.from('crop'), analysis: analysis('00000000000000f0', { a: at(0.99), b: at(0.97) }) };
    expect(isSameCapture(document, copy)).toMatchObject({ same: true, reason: 'same-face-region', hashDistance: 4, cosine: 0.97 });
  });

  it('is not when one embedder is only as close as two photos of one person are', () => {
    // 0.898 was the highest cosine of two different photos measured (bench:anti-replay).
    const photo = { bytes: Buffer.from('selfie'), analysis: analysis('00000000000000f0', { a: at(0.99), b: at(0.898) }) };
    expect(isSameCapture(document, photo)).toMatchObject({ same: false, reason: null });
  });

  it('is not when the faces look alike but the hashes are far apart (a mirrored or different picture)', () => {
    const far = { bytes: Buffer.from('selfie'), analysis: analysis('ffffffffffffffff', { a: at(0.99), b: at(0.99) }) };
    expect(isSameCapture(document, far).hashDistance).toBeGreaterThan(SAME_CAPTURE_BOUNDS.maxHashDistance);
    expect(isSameCapture(document, far).same).toBe(false);
  });

  it('is not when a face is missing or no embedder is shared', () => {
    const noFace = { bytes: Buffer.from('x'), analysis: { ...document.analysis, faces: [], primary: null } };
    expect(isSameCapture(document, noFace)).toEqual({ same: false, reason: null, hashDistance: null, cosine: null });
    const otherModel = { bytes: Buffer.from('y'), analysis: analysis('00000000000000ff', { c: [1, 0] }) };
    expect(isSameCapture(document, otherModel).same).toBe(false);
  });
});
