import { expect } from '@jest/globals';
import { FaceAnalysis, FaceComparison } from '@app/face';
import { decideSession, SessionLiveness, uploadedSelfie } from './session-decision.rules';

/** A passed challenge with a live passive reading: the presence checks raise nothing. */
const LIVE: SessionLiveness = {
  method: 'challenge',
  score: 92,
  passive: 'live',
  challenge: { steps: ['turn_left', 'turn_right'], passed: true, failures: [], attempts: 1 },
  frames: 6,
  matchesDocumentImage: false,
  replayed: false,
};

function analysis(faces: number, options: { low?: boolean; vector?: number[] } = {}): FaceAnalysis {
  const face = { box: { x: 10, y: 10, width: 100, height: 100 }, confidence: 0.99, sizePx: 100 };
  return {
    image: { format: 'jpeg', width: 400, height: 400 },
    faces: Array.from({ length: faces }, () => face),
    primary:
      faces === 0
        ? null
        : {
            ...face,
            landmarks5: [],
            pose: { yaw: 0, roll: 0, scale: 0.3 },
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
    const outcome = decideSession(analysis(1), analysis(1), 30, [], compare, LIVE);
    expect(outcome).toMatchObject({ status: 'approved', match: true, score: 100, warnings: [], omittedWarnings: [] });
  });

  it('sends a matching session whose DNI card contradicts the entity to review (DATA_INCONSISTENT), even when asked to omit it', () => {
    const outcome = decideSession(analysis(1), analysis(1), 30, ['DATA_INCONSISTENT'], compare, LIVE, ['DATA_INCONSISTENT']);
    expect(outcome).toMatchObject({ status: 'in_review', warnings: ['DATA_INCONSISTENT'], omittedWarnings: [] });
    expect(outcome.reason).toContain('DATA_INCONSISTENT');
  });

  it('sends a matching session with an expired DNI to review (DOCUMENT_EXPIRED)', () => {
    const outcome = decideSession(analysis(1), analysis(1), 30, [], compare, LIVE, ['DOCUMENT_EXPIRED']);
    expect(outcome).toMatchObject({ status: 'in_review', warnings: ['DOCUMENT_EXPIRED'], omittedWarnings: [] });
    expect(outcome.reason).toContain('DOCUMENT_EXPIRED');
  });

  it('approves an expired DNI when the session omits DOCUMENT_EXPIRED (the organization accepts expired cards), and says so', () => {
    const outcome = decideSession(analysis(1), analysis(1), 30, ['DOCUMENT_EXPIRED'], compare, LIVE, ['DOCUMENT_EXPIRED']);
    expect(outcome).toMatchObject({ status: 'approved', warnings: [], omittedWarnings: ['DOCUMENT_EXPIRED'] });
  });

  it('still reviews a contradicting card when both card warnings are omitted: only the expiry is the organization’s to waive', () => {
    const outcome = decideSession(analysis(1), analysis(1), 30, ['DOCUMENT_EXPIRED', 'DATA_INCONSISTENT'], compare, LIVE, [
      'DOCUMENT_EXPIRED',
      'DATA_INCONSISTENT',
    ]);
    expect(outcome).toMatchObject({ status: 'in_review', warnings: ['DATA_INCONSISTENT'], omittedWarnings: ['DOCUMENT_EXPIRED'] });
  });

  it('approves a match whatever else the card says (barcode unreadable, no portrait): those stay in the document step', () => {
    const outcome = decideSession(analysis(1), analysis(1), 30, [], compare, LIVE, ['BARCODE_NOT_DETECTED', 'PORTRAIT_IMAGE_NOT_DETECTED']);
    expect(outcome).toMatchObject({ status: 'approved', warnings: [] });
  });

  it('rejects a non-match whatever the card says', () => {
    const outcome = decideSession(analysis(1, { vector: [1, 0] }), analysis(1, { vector: [0, 1] }), 30, [], compare, LIVE, [
      'DATA_INCONSISTENT',
    ]);
    expect(outcome.status).toBe('rejected');
  });

  it('rejects when the document has no face, whatever is omitted', () => {
    const outcome = decideSession(analysis(0), analysis(1), 30, ['NO_REFERENCE_IMAGE'], compare, LIVE);
    expect(outcome).toMatchObject({ status: 'rejected', match: false, score: null, warnings: [], omittedWarnings: ['NO_REFERENCE_IMAGE'] });
  });

  it('rejects when the selfie has no face', () => {
    expect(decideSession(analysis(1), analysis(0), 30, [], compare, LIVE)).toMatchObject({
      status: 'rejected',
      warnings: ['NO_FACE_DETECTED'],
    });
  });

  it('rejects a score below the threshold', () => {
    const outcome = decideSession(analysis(1), analysis(1, { vector: [0, 1] }), 30, [], compare, LIVE);
    expect(outcome).toMatchObject({ status: 'rejected', score: 0, warnings: ['LOW_FACE_MATCH_SIMILARITY'] });
  });

  it('sends a match with several faces or a weak face to review', () => {
    expect(decideSession(analysis(1), analysis(3), 30, [], compare, LIVE)).toMatchObject({
      status: 'in_review',
      warnings: ['MULTIPLE_FACES_DETECTED'],
    });
    expect(decideSession(analysis(1, { low: true }), analysis(1), 30, [], compare, LIVE)).toMatchObject({
      status: 'in_review',
      warnings: ['LOW_FACE_QUALITY'],
    });
  });

  it('approves a match whose only review warnings are omitted, and lists them as omitted', () => {
    const outcome = decideSession(
      analysis(1),
      analysis(2, { low: true }),
      30,
      ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'],
      compare,
      LIVE,
    );
    expect(outcome).toMatchObject({ status: 'approved', warnings: [], omittedWarnings: ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'] });
  });

  it('still reviews for a warning that is not omitted', () => {
    const outcome = decideSession(analysis(1), analysis(2, { low: true }), 30, ['LOW_FACE_QUALITY'], compare, LIVE);
    expect(outcome).toMatchObject({ status: 'in_review', warnings: ['MULTIPLE_FACES_DETECTED'] });
  });

  describe('presence (liveness)', () => {
    const decide = (liveness: Partial<SessionLiveness>, omit: string[] = []) =>
      decideSession(analysis(1), analysis(1), 30, omit, compare, { ...LIVE, ...liveness });

    it('rejects a selfie that is the document image, even when the faces match perfectly', () => {
      expect(decide({ matchesDocumentImage: true })).toMatchObject({
        status: 'rejected',
        match: true,
        warnings: ['SELFIE_MATCHES_DOCUMENT_IMAGE'],
      });
    });

    it('rejects an attack seen by the passive model and a failed challenge', () => {
      expect(decide({ passive: 'attack', score: 3 })).toMatchObject({ status: 'rejected', warnings: ['LIVENESS_FACE_ATTACK'] });
      const failed = decide({ challenge: { steps: ['turn_left'], passed: false, failures: ['POSE_NOT_MATCHED'], attempts: 3 } });
      expect(failed).toMatchObject({
        status: 'rejected',
        warnings: ['LIVENESS_CHALLENGE_FAILED'],
        reason: expect.stringContaining('LIVENESS_CHALLENGE_FAILED'),
      });
    });

    it('sends an uncertain passive score, an uploaded selfie or a replayed frame to review', () => {
      expect(decide({ passive: 'uncertain', score: 55 })).toMatchObject({ status: 'in_review', warnings: ['LOW_LIVENESS_SCORE'] });
      expect(decide({ replayed: true })).toMatchObject({ status: 'in_review', warnings: ['SELFIE_REPLAYED'] });
      expect(decideSession(analysis(1), analysis(1), 30, [], compare, uploadedSelfie(false, false))).toMatchObject({
        status: 'in_review',
        warnings: ['SELFIE_NOT_LIVE_CAPTURED'],
      });
    });

    it('lets a reason to reject win over a reason to review', () => {
      expect(decideSession(analysis(1), analysis(1), 30, [], compare, uploadedSelfie(true, true))).toMatchObject({
        status: 'rejected',
        warnings: ['SELFIE_MATCHES_DOCUMENT_IMAGE', 'SELFIE_NOT_LIVE_CAPTURED', 'SELFIE_REPLAYED'],
      });
    });

    it('never omits a liveness warning', () => {
      const outcome = decide({ replayed: true }, ['SELFIE_REPLAYED']);
      expect(outcome).toMatchObject({ status: 'in_review', warnings: ['SELFIE_REPLAYED'], omittedWarnings: [] });
    });

    it('still rejects a non-match that passed every presence check', () => {
      expect(decideSession(analysis(1), analysis(1, { vector: [0, 1] }), 30, [], compare, LIVE)).toMatchObject({
        status: 'rejected',
        warnings: ['LOW_FACE_MATCH_SIMILARITY'],
      });
    });
  });
});
