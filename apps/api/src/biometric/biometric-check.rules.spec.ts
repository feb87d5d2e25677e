import { FaceAnalysis, FaceComparison, FaceTemplate } from '@app/face';
import { EnrolledFace, searchEnrolled } from './biometric-check.rules';

function probe(faces: number, low = false): FaceAnalysis {
  const face = { box: { x: 0, y: 0, width: 100, height: 100 }, confidence: 0.99, sizePx: 100 };
  return {
    image: { format: 'jpeg', width: 200, height: 200 },
    faces: Array.from({ length: faces }, () => face),
    primary:
      faces === 0
        ? null
        : {
            ...face,
            landmarks5: [],
            pose: { yaw: 0, roll: 0, scale: 0.3 },
            faceHash: '0000000000000000',
            quality: { low, reasons: [] },
            template: { embeddings: [{ modelVersion: 'm@1', vector: [1, 0] }] },
          },
    timings: { decodeMs: 0, detectMs: 0, embedMs: 0, embedders: {} },
  };
}

function enrolled(id: string, status: EnrolledFace['status'], score: number): EnrolledFace {
  return {
    kycValidationId: `v-${id}`,
    sessionId: `s-${id}`,
    status,
    template: { embeddings: [{ modelVersion: 'm@1', vector: [score, 0] }] },
  };
}

const compare = (stored: FaceTemplate): FaceComparison | null => {
  const score = stored.embeddings[0]?.vector[0] ?? 0;
  return score < 0 ? null : { score, similarity: 0, embedders: ['m@1'], fallback: false, cosines: {}, cosine: 0 };
};

describe('searchEnrolled', () => {
  it('matches when an approved validation matches; counts matches of any status', () => {
    const outcome = searchEnrolled(
      probe(1),
      [enrolled('a', 'approved', 80), enrolled('b', 'rejected', 90), enrolled('c', 'approved', 10)],
      30,
      compare,
    );
    expect(outcome).toMatchObject({
      match: true,
      status: 'approved',
      totalMatches: 2,
      approvedMatchesCount: 1,
      approvedSessionIds: ['s-a'],
      matchedKycValidationIds: ['v-a'],
      warnings: [],
      bestScore: 90,
      compared: 3,
    });
  });

  it('declines when only validations that are not approved match', () => {
    const outcome = searchEnrolled(probe(1), [enrolled('b', 'in_review', 90)], 30, compare);
    expect(outcome).toMatchObject({ match: false, status: 'declined', totalMatches: 1, approvedMatchesCount: 0, approvedSessionIds: [] });
  });

  it('declines with LOW_FACE_MATCH_SIMILARITY when nothing matches', () => {
    expect(searchEnrolled(probe(1), [enrolled('a', 'approved', 29.99)], 30, compare)).toMatchObject({
      match: false,
      totalMatches: 0,
      warnings: ['LOW_FACE_MATCH_SIMILARITY'],
    });
  });

  it('says why nothing could be compared', () => {
    expect(searchEnrolled(probe(1), [], 30, compare)).toMatchObject({ match: false, compared: 0, warnings: ['NO_REFERENCE_IMAGE'] });
    expect(searchEnrolled(probe(0), [enrolled('a', 'approved', 99)], 30, compare)).toMatchObject({
      match: false,
      compared: 0,
      warnings: ['NO_FACE_DETECTED'],
    });
  });

  it('reports several faces and a weak face, and skips templates that cannot be compared', () => {
    const outcome = searchEnrolled(probe(2, true), [enrolled('x', 'approved', -1), enrolled('a', 'approved', 50)], 30, compare);
    expect(outcome).toMatchObject({ match: true, compared: 1, warnings: ['MULTIPLE_FACES_DETECTED', 'LOW_FACE_QUALITY'] });
  });
});
