import { expect } from '@jest/globals';
import { type Candidate, intersectionOverUnion, nonMaximumSuppression, readCandidates } from './detections';

const box = (x1: number, y1: number, x2: number, y2: number, score = 1): Candidate => ({ x1, y1, x2, y2, score });

describe('readCandidates', () => {
  it('keeps boxes whose face score reaches the threshold and drops empty boxes', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.5, 0.2, 0.8, 0.05, 0.95]);
    const boxes = Float32Array.from([0.1, 0.1, 0.2, 0.2, 0, 0, 1, 1, 0.3, 0.3, 0.5, 0.6, 0.4, 0.4, 0.4, 0.5]);
    const kept = readCandidates(scores, boxes, 0.7);
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({ score: expect.closeTo(0.9, 5), x1: expect.closeTo(0.1, 5) });
    expect(kept[1]).toMatchObject({ score: expect.closeTo(0.8, 5), y2: expect.closeTo(0.6, 5) });
  });
});

describe('intersectionOverUnion', () => {
  it('is 1 for identical boxes, 0 for disjoint ones, and the ratio otherwise', () => {
    expect(intersectionOverUnion(box(0, 0, 2, 2), box(0, 0, 2, 2))).toBe(1);
    expect(intersectionOverUnion(box(0, 0, 1, 1), box(2, 2, 3, 3))).toBe(0);
    expect(intersectionOverUnion(box(0, 0, 1, 1), box(1, 0, 2, 1))).toBe(0);
    // 2x2 boxes overlapping in a 1x2 strip: 2 / (4 + 4 - 2).
    expect(intersectionOverUnion(box(0, 0, 2, 2), box(1, 0, 3, 2))).toBeCloseTo(1 / 3, 10);
  });
});

describe('nonMaximumSuppression', () => {
  it('keeps the most confident of overlapping boxes and every separate face', () => {
    const kept = nonMaximumSuppression(
      [box(0, 0, 10, 10, 0.8), box(1, 1, 11, 11, 0.95), box(50, 50, 60, 60, 0.7), box(0.5, 0, 10.5, 10, 0.9)],
      0.4,
    );
    expect(kept.map((c) => c.score)).toEqual([0.95, 0.7]);
  });

  it('keeps boxes that overlap less than the threshold', () => {
    const kept = nonMaximumSuppression([box(0, 0, 10, 10, 0.9), box(6, 0, 16, 10, 0.8)], 0.4);
    expect(kept).toHaveLength(2);
  });
});
