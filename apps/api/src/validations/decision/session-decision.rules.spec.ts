import { FaceAnalysis, FaceComparison } from '@app/face';
import { decideSession } from './session-decision.rules';

function analysis(faces: number, options: { low?: boolean; vector?: number[] } = {}): FaceAnalysis {
  const face = { box: { x: 10, y: 10, width: 100, height: 100 }, confidence: 0.99, sizePx: 100 };
  return {
    image: { format: 'jpeg', width: 400, height: 400 },
    faces: Array.from({ length: faces }, () => face),
    primary: faces === 0 ? null : {
      ...face,
      landmarks5: [],
      faceHash: '0000000000000000',
      quality: { low: options.low ?? false, reasons: options.low ? ['face 41 px < 64 px'] : [] },
      template: { embeddings: [{ modelVersion: 'm@1', vector: options.vector ?? [1, 0] }] },
    },
    timings: { decodeMs: 1, detectMs: 1, embedMs: 1, embedders: {} },
  };
}

/** A comparison whose score is the dot product × 100 of the first embeddings. */
function compare(a: { embeddings: { vector: number[] }[] }, b: { embeddings: { vector: number[] }[] }): FaceComparison {
  const [x, y] = [a.embeddings[0].vector, b.embeddings[0].vector];
  const score = Math.round((x[0] * y[0] + x[1] * y[1]) * 100);
  return { score, similarity: score / 100, embedders: ['m@1'], fallback: false, cosines: { 'm@1': score / 100 }, cosine: score / 100 };
}

describe('decideSession', () => {
  it('approves a clean match', () => {
    const outcome = decideSession(analysis(1), analysis(1), 30, [], compare);
    expect(outcome).toMatchObject({ status: 'approved', match: true, score: 100, warnings: [], omittedWarnings: [] });
  });

  it('rejects when the document has no face, whatever is omitted', () => {
    const outcome = decideSession(analysis(0), analysis(1), 30, ['NO_REFERENCE_IMAGE'], compare);
    expect(outcome).toMatchObject({ status: 'rejected', match: false, score: null, warnings: [], omittedWarnings: ['NO_REFERENCE_IMAGE'] });
  });

  it('rejects when the selfie has no face', () => {
    expect(decideSession(analysis(1), analysis(0), 30, [], compare)).toMatchObject({ status: 'rejected', warnings: ['NO_FACE_DETECTED'] });
  });

  it('rejects a score below the threshold', () => {
    const outcome = decideSession(analysis(1), analysis(1, { vector: [0, 1] }), 30, [], compare);
    expect(outcome).toMatchObject({ status: 'rejected', score: 0, warnings: ['LOW_FACE_MATCH_SIMILARITY'] });
  });

  it('sends a match with several faces or a weak face to review', () => {
    expect(decideSession(analysis(1), analysis(3), 30, [], compare)).toMatchObject({ status: 'in_review', warnings: ['MULTIPLE_FACES_DETECTED'] });
    expect(decideSession(analysis(1, { low: true }), analysis(1), 30, [], compare)).toMatchObject({ status: 'in_review', warnings: ['LOW_FACE_QUALITY'] });
  });

  it('approves a match whose only review warnings are omitted, and lists them as omitted', () => {
    const outcome = decideSession(analysis(1), analysis(2, { low: true }), 30, ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'], compare);
    expect(outcome).toMatchObject({ status: 'approved', warnings: [], omittedWarnings: ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'] });
  });

  it('still reviews for a warning that is not omitted', () => {
    const outcome = decideSession(analysis(1), analysis(2, { low: true }), 30, ['LOW_FACE_QUALITY'], compare);
    expect(outcome).toMatchObject({ status: 'in_review', warnings: ['MULTIPLE_FACES_DETECTED'] });
  });
});
