import type { FaceAnalysis, FaceComparison, FaceTemplate, PrimaryFace, SameCaptureVerdict } from '@app/face';
import { decideFaceMatch, FaceMatchDecision, withSameCaptureCheck } from './face-match.rules';

const decision = (overrides: Partial<FaceMatchDecision>): FaceMatchDecision => ({
  match: true,
  score: 97,
  status: 'approved',
  warnings: [],
  details: {},
  ...overrides,
});
const same: SameCaptureVerdict = { same: true, reason: 'same-bytes', hashDistance: 0, cosine: 1 };
const different: SameCaptureVerdict = { same: false, reason: null, hashDistance: 31, cosine: 0.41 };

describe('withSameCaptureCheck (a selfie that is the document image)', () => {
  it('turns an approval of the document image itself into in_review, not a match, keeping the score for the reviewer', () => {
    const result = withSameCaptureCheck(decision({}), same);
    expect(result).toMatchObject({ match: false, score: 97, status: 'in_review', warnings: ['SELFIE_MATCHES_DOCUMENT_IMAGE'] });
    expect(result.details.sameCapture).toEqual({ reason: 'same-bytes', hashDistance: 0, cosine: 1 });
  });

  it('keeps a decline: a reason to decline (no face, low score) wins over the reason to review', () => {
    const noFace = decision({ match: false, score: null, status: 'declined', warnings: ['NO_REFERENCE_IMAGE'] });
    expect(withSameCaptureCheck(noFace, same)).toMatchObject({
      status: 'declined',
      match: false,
      warnings: ['NO_REFERENCE_IMAGE', 'SELFIE_MATCHES_DOCUMENT_IMAGE'],
    });
  });

  it('leaves two different captures as decided, recording the comparison', () => {
    const result = withSameCaptureCheck(decision({}), different);
    expect(result).toMatchObject({ match: true, status: 'approved', warnings: [] });
    expect(result.details.sameCapture).toEqual({ reason: null, hashDistance: 31, cosine: 0.41 });
  });
});

/** An analysis with `faces` faces; the primary one (if any) carries a template tagged `tag`. */
function analysis(faces: number, options: { tag?: number; low?: boolean } = {}): FaceAnalysis {
  const box = { x: 10, y: 20, width: 120, height: 140 };
  const detected = Array.from({ length: faces }, () => ({ box, confidence: 0.99, sizePx: 120 }));
  const template: FaceTemplate = { embeddings: [{ modelVersion: 'fake@1', vector: [options.tag ?? 0] }] };
  const primary = faces
    ? ({
        ...detected[0],
        quality: { low: options.low ?? false, reasons: options.low ? ['face 41 px < 64 px'] : [] },
        template,
      } as PrimaryFace)
    : null;
  return {
    image: { format: 'jpeg', width: 640, height: 480 },
    faces: detected,
    primary,
    timings: { decodeMs: 1, detectMs: 2, embedMs: 3, embedders: {} },
  };
}

/** A comparison that returns `score` and records which templates it was given. */
function comparing(score: number) {
  const calls: Array<[number, number]> = [];
  const compare = (a: FaceTemplate, b: FaceTemplate): FaceComparison => {
    calls.push([a.embeddings[0].vector[0], b.embeddings[0].vector[0]]);
    return { score, similarity: 0.5, embedders: ['fake@1'], fallback: false, cosines: { 'fake@1': 0.5 }, cosine: 0.5 };
  };
  return { compare, calls };
}

describe('decideFaceMatch (match = score >= threshold)', () => {
  it('approves at exactly the threshold, comparing the document face with the selfie face', () => {
    const { compare, calls } = comparing(30);
    const result = decideFaceMatch(analysis(1, { tag: 1 }), analysis(1, { tag: 2 }), 30, compare);
    expect(result).toMatchObject({ match: true, score: 30, status: 'approved', warnings: [] });
    expect(calls).toEqual([[1, 2]]);
    expect(result.details).toMatchObject({ embedders: ['fake@1'], fallback: false, similarity: 0.5, document: { faces: 1 } });
  });

  it('declines just under the threshold with LOW_FACE_MATCH_SIMILARITY, keeping the score', () => {
    const result = decideFaceMatch(analysis(1), analysis(1), 30, comparing(29.99).compare);
    expect(result).toMatchObject({ match: false, score: 29.99, status: 'declined', warnings: ['LOW_FACE_MATCH_SIMILARITY'] });
  });

  it('declines with a null score and compares nothing when either side has no face', () => {
    const { compare, calls } = comparing(99);
    expect(decideFaceMatch(analysis(0), analysis(1), 30, compare)).toMatchObject({
      match: false,
      score: null,
      status: 'declined',
      warnings: ['NO_REFERENCE_IMAGE'],
    });
    expect(decideFaceMatch(analysis(1), analysis(0), 30, compare).warnings).toEqual(['NO_FACE_DETECTED']);
    expect(decideFaceMatch(analysis(0), analysis(0), 30, compare).warnings).toEqual(['NO_REFERENCE_IMAGE', 'NO_FACE_DETECTED']);
    expect(calls).toEqual([]);
  });

  it('only warns about several faces or a weak face: the score still decides', () => {
    const result = decideFaceMatch(analysis(2), analysis(1, { low: true }), 30, comparing(80).compare);
    expect(result).toMatchObject({ match: true, status: 'approved', warnings: ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'] });
  });
});
