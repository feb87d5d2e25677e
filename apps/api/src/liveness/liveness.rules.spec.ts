import { FaceAnalysis } from '@app/face';
import { decideLiveness } from './liveness.rules';

const THRESHOLDS = { threshold: 50, attackBelow: 20 };

function analysis(faces: number, score?: number): FaceAnalysis {
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
            quality: { low: false, reasons: [] },
            template: { embeddings: [] },
            ...(score !== undefined && {
              liveness: { score, probabilities: [score / 100, 1 - score / 100, 0], modelVersion: 'fr_liveness@test' },
            }),
          },
    timings: { decodeMs: 0, detectMs: 0, embedMs: 0, embedders: {} },
  };
}

describe('decideLiveness', () => {
  it('approves a live face at the threshold', () => {
    expect(decideLiveness(analysis(1, 50), THRESHOLDS)).toMatchObject({ live: true, score: 50, status: 'approved', warnings: [] });
  });

  it('sends the uncertain band to review with LOW_LIVENESS_SCORE', () => {
    expect(decideLiveness(analysis(1, 49.99), THRESHOLDS)).toMatchObject({
      live: false,
      status: 'in_review',
      warnings: ['LOW_LIVENESS_SCORE'],
    });
    expect(decideLiveness(analysis(1, 20), THRESHOLDS)).toMatchObject({ live: false, status: 'in_review' });
  });

  it('declines an attack with LIVENESS_FACE_ATTACK', () => {
    expect(decideLiveness(analysis(1, 19.99), THRESHOLDS)).toMatchObject({
      live: false,
      status: 'declined',
      warnings: ['LIVENESS_FACE_ATTACK'],
    });
  });

  it('declines an image without a face with a null score', () => {
    expect(decideLiveness(analysis(0), THRESHOLDS)).toMatchObject({
      live: false,
      score: null,
      status: 'declined',
      warnings: ['NO_FACE_DETECTED'],
    });
  });

  it('sends a live face among several to review', () => {
    expect(decideLiveness(analysis(2, 99), THRESHOLDS)).toMatchObject({
      live: true,
      status: 'in_review',
      warnings: ['MULTIPLE_FACES_DETECTED'],
    });
    expect(decideLiveness(analysis(2, 5), THRESHOLDS)).toMatchObject({
      status: 'declined',
      warnings: ['LIVENESS_FACE_ATTACK', 'MULTIPLE_FACES_DETECTED'],
    });
  });

  it('keeps the class probabilities and the face box in the audit details, never a template', () => {
    const { details } = decideLiveness(analysis(1, 80), THRESHOLDS);
    expect((details.probabilities as number[])[0]).toBeCloseTo(0.8, 6);
    expect(details.primary).toEqual({ box: { x: 10, y: 10, width: 100, height: 100 }, confidence: 0.99, sizePx: 100 });
    expect(JSON.stringify(details)).not.toContain('embeddings');
  });
});
