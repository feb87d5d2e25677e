import { softmax, toPlanarBgr } from './liveness-tensor';

describe('toPlanarBgr (the layout fr_liveness takes)', () => {
  it('writes blue, green, red planes of raw 0..255 values', () => {
    // Two pixels: pure red (255, 0, 0) then (10, 20, 30).
    const planar = toPlanarBgr([255, 0, 0, 10, 20, 30], 2, 1);
    expect(Array.from(planar)).toEqual([
      0,
      30, // B plane
      0,
      20, // G plane
      255,
      10, // R plane
    ]);
  });

  it('keeps the row-major pixel order in every plane', () => {
    const pixels = Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    const planar = toPlanarBgr(pixels, 2, 2);
    expect(Array.from(planar.subarray(0, 4))).toEqual([2, 5, 8, 11]);
    expect(Array.from(planar.subarray(8, 12))).toEqual([0, 3, 6, 9]);
  });

  it('refuses a raster of the wrong size', () => {
    expect(() => toPlanarBgr([1, 2, 3], 2, 1)).toThrow('expected 6 values');
  });
});

describe('softmax', () => {
  it('sums to one and keeps the order of the logits', () => {
    const p = softmax([2, 1, 0]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[1]).toBeGreaterThan(p[2]);
  });

  it('stays finite for large logits', () => {
    expect(softmax([1000, 0, -1000])).toEqual([1, 0, 0]);
  });
});
