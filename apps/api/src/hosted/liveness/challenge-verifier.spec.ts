import type { FaceTemplate } from '@app/face';
import { verifyChallenge, ChallengeComparators } from './challenge-verifier';
import { CapturePhase, ChallengeFrame, DEFAULT_CHALLENGE_TOLERANCES } from './challenge.types';

/** A template that names its person: the fake comparator scores 90 for the same name, 5 otherwise. */
const person = (name: string): FaceTemplate => ({ embeddings: [{ modelVersion: name, vector: [] }] });
const compare: ChallengeComparators = {
  identityScore: (a, b) => (a.embeddings[0].modelVersion === b.embeddings[0].modelVersion ? 90 : 5),
  hashDistance: (a, b) => [...a].filter((char, i) => char !== b[i]).length,
};

let counter = 0;
function frame(phase: CapturePhase, yaw: number, scale = 0.3, overrides: Partial<ChallengeFrame> = {}): ChallengeFrame {
  counter++;
  return {
    phase,
    faces: 1,
    pose: { yaw, roll: 0, scale },
    template: person('ana'),
    sha256: `sha-${counter}`,
    // Distinct pictures: hashes far apart (16 characters, all different per frame).
    perceptualHash: String(counter % 10).repeat(16),
    passiveScore: null,
    ...overrides,
  };
}

describe('verifyChallenge', () => {
  const tolerances = DEFAULT_CHALLENGE_TOLERANCES;

  it('passes a frontal start followed by turns in the asked directions, and picks the most frontal frame as the reference', () => {
    const frames = [
      frame('center', 0.08),
      frame('center', 0.02),
      frame('turn_left', 0.1),
      frame('turn_left', 0.3),
      frame('turn_right', -0.25),
    ];
    const verdict = verifyChallenge(['turn_left', 'turn_right'], frames, tolerances, compare);
    expect(verdict.failures).toEqual([]);
    expect(verdict.passed).toBe(true);
    expect(verdict.referenceFrame).toBe(1);
    expect(verdict.steps).toEqual([
      { step: 'turn_left', passed: true, observed: 0.28 },
      { step: 'turn_right', passed: true, observed: 0.27 },
    ]);
  });

  it('fails a turn in the wrong direction or too small to reach the tolerance', () => {
    const wrongWay = verifyChallenge(['turn_left'], [frame('center', 0), frame('turn_left', -0.3)], tolerances, compare);
    expect(wrongWay.passed).toBe(false);
    expect(wrongWay.failures.map((f) => f.code)).toEqual(['POSE_NOT_MATCHED']);
    const tooSmall = verifyChallenge(['turn_right'], [frame('center', 0), frame('turn_right', -0.14)], tolerances, compare);
    expect(tooSmall.steps[0]).toEqual({ step: 'turn_right', passed: false, observed: 0.14 });
  });

  it('measures "come closer" as the growth of the face scale over the reference', () => {
    const closer = verifyChallenge(['come_closer'], [frame('center', 0, 0.3), frame('come_closer', 0, 0.36)], tolerances, compare);
    expect(closer.passed).toBe(true);
    expect(closer.steps[0].observed).toBe(1.2);
    const same = verifyChallenge(['come_closer'], [frame('center', 0, 0.3), frame('come_closer', 0, 0.32)], tolerances, compare);
    expect(same.failures.map((f) => f.code)).toEqual(['POSE_NOT_MATCHED']);
  });

  it('fails when the start is not frontal', () => {
    const verdict = verifyChallenge(['turn_left'], [frame('center', 0.35), frame('turn_left', 0.7)], tolerances, compare);
    expect(verdict.failures.map((f) => f.code)).toEqual(['NOT_FRONTAL']);
  });

  it('fails frames without a face or with several faces', () => {
    const verdict = verifyChallenge(
      ['turn_left'],
      [
        frame('center', 0),
        frame('turn_left', 0.3, 0.3, { faces: 0, pose: null, template: null }),
        frame('turn_left', 0.3, 0.3, { faces: 2 }),
      ],
      tolerances,
      compare,
    );
    expect(verdict.failures.map((f) => [f.code, f.frames])).toEqual([
      ['NO_FACE_IN_FRAME', [1]],
      ['MULTIPLE_FACES_IN_FRAME', [2]],
      ['POSE_NOT_MATCHED', []],
    ]);
  });

  it('fails when a frame shows another person, even with the right poses', () => {
    const frames = [frame('center', 0), frame('turn_left', 0.3, 0.3, { template: person('eve') }), frame('turn_right', -0.3)];
    const verdict = verifyChallenge(['turn_left', 'turn_right'], frames, tolerances, compare);
    expect(verdict.failures).toEqual([expect.objectContaining({ code: 'IDENTITY_CHANGED', frames: [1] })]);
    expect(verdict.minIdentityScore).toBe(5);
  });

  it('fails one image repeated: byte-identical frames anywhere', () => {
    const first = frame('center', 0);
    const verdict = verifyChallenge(['turn_left'], [first, { ...first }, frame('turn_left', 0.3)], tolerances, compare);
    expect(verdict.failures).toEqual([expect.objectContaining({ code: 'DUPLICATE_FRAMES', frames: [0, 1] })]);
  });

  it('fails the same picture across phases within the perceptual tolerance, but lets a still person look alike inside one phase', () => {
    const still = verifyChallenge(
      ['turn_left'],
      [
        frame('center', 0, 0.3, { perceptualHash: 'aaaaaaaaaaaaaaaa' }),
        frame('center', 0.01, 0.3, { perceptualHash: 'aaaaaaaaaaaaaaab' }),
        frame('turn_left', 0.3),
      ],
      tolerances,
      compare,
    );
    expect(still.passed).toBe(true);
    const replayed = verifyChallenge(
      ['turn_left'],
      [
        frame('center', 0, 0.3, { perceptualHash: 'aaaaaaaaaaaaaaaa' }),
        frame('turn_left', 0.3, 0.3, { perceptualHash: 'aaaaaaaaaaaaabbb' }),
      ],
      tolerances,
      compare,
    );
    expect(replayed.failures).toEqual([expect.objectContaining({ code: 'DUPLICATE_FRAMES', frames: [0, 1] })]);
    const apart = verifyChallenge(
      ['turn_left'],
      [
        frame('center', 0, 0.3, { perceptualHash: 'aaaaaaaaaaaaaaaa' }),
        frame('turn_left', 0.3, 0.3, { perceptualHash: 'aaaaaaaaaaabbbbb' }),
      ],
      tolerances,
      compare,
    );
    expect(apart.passed).toBe(true);
  });

  it('fails without frames', () => {
    expect(verifyChallenge(['turn_left'], [], tolerances, compare).failures.map((f) => f.code)).toEqual(['NO_FRAMES']);
  });
});
