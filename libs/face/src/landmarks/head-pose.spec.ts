import { estimateHeadPose } from './head-pose';

/** 68 points with the jaw ends, the nose tip and the eye contours placed; the rest at the origin. */
function points(options: { jaw: [number, number]; nose: number; leftEyeY?: number; rightEyeY?: number }): Float64Array {
  const values = new Float64Array(136);
  const set = (index: number, x: number, y: number) => {
    values[index * 2] = x;
    values[index * 2 + 1] = y;
  };
  set(0, options.jaw[0], 100);
  set(16, options.jaw[1], 100);
  set(30, options.nose, 110);
  for (const index of [36, 37, 38, 39, 40, 41]) set(index, 80, options.leftEyeY ?? 80);
  for (const index of [42, 43, 44, 45, 46, 47]) set(index, 120, options.rightEyeY ?? 80);
  return values;
}

describe('estimateHeadPose', () => {
  it('reads a nose midway between the jaw ends as frontal, and the jaw width over the image width as scale', () => {
    expect(estimateHeadPose(points({ jaw: [50, 150], nose: 100 }), 400)).toEqual({ yaw: 0, roll: 0, scale: 0.25 });
  });

  it('gives a positive yaw when the nose moves towards the image right, negative towards the left', () => {
    expect(estimateHeadPose(points({ jaw: [50, 150], nose: 115 }), 400).yaw).toBe(0.3);
    expect(estimateHeadPose(points({ jaw: [50, 150], nose: 80 }), 400).yaw).toBe(-0.4);
  });

  it('clamps the yaw to -1..1 and measures the roll of the eye line', () => {
    expect(estimateHeadPose(points({ jaw: [50, 150], nose: 400 }), 400).yaw).toBe(1);
    expect(estimateHeadPose(points({ jaw: [50, 150], nose: 100, rightEyeY: 120 }), 400).roll).toBe(45);
  });

  it('refuses anything but 68 points', () => {
    expect(() => estimateHeadPose(new Float64Array(10), 100)).toThrow(/expected 68 landmarks/);
  });
});
