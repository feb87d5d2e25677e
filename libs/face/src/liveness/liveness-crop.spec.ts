import { LIVENESS_CROP_SCALE, livenessCropRect } from './liveness-crop';

describe('livenessCropRect (the reference crop of fr_liveness)', () => {
  it('enlarges a central box 2.7x about its centre', () => {
    // Box 100x120 centred at (500, 400) in a 1000x800 image: 270x324 around the same centre.
    const rect = livenessCropRect({ x1: 450, y1: 340, x2: 550, y2: 460 }, 1000, 800);
    expect(LIVENESS_CROP_SCALE).toBe(2.7);
    expect(rect).toEqual({ left: 365, top: 238, width: 270, height: 324 });
  });

  it('truncates the detector corners to whole pixels first, as the reference parseInt does', () => {
    const rect = livenessCropRect({ x1: 450.9, y1: 340.7, x2: 550.2, y2: 460.99 }, 1000, 800);
    expect(rect).toEqual({ left: 365, top: 238, width: 270, height: 324 });
  });

  it('shifts a crop that sticks out of the left and top edges back inside, keeping its size', () => {
    const rect = livenessCropRect({ x1: 10, y1: 20, x2: 110, y2: 120 }, 1000, 800);
    // 270x270 centred at (60, 70) would start at (-75, -65): moved to (0, 0), size unchanged.
    expect(rect).toEqual({ left: 0, top: 0, width: 270, height: 270 });
  });

  it('shifts a crop that sticks out of the right and bottom edges back inside (last pixel = side - 1)', () => {
    const rect = livenessCropRect({ x1: 900, y1: 700, x2: 990, y2: 790 }, 1000, 800);
    // 243x243 centred at (945, 745): right edge 1066.5 -> 999, so left = 945 - 121.5 - 67.5 = 756.
    expect(rect).toEqual({ left: 756, top: 556, width: 243, height: 243 });
  });

  it('lowers the scale when 2.7x the box would not fit the image', () => {
    // A 300x300 face in a 600x500 image: min(499/300, 599/300, 2.7) = 1.6633 -> 499x499.
    const rect = livenessCropRect({ x1: 150, y1: 100, x2: 450, y2: 400 }, 600, 500);
    expect(rect.width).toBe(499);
    expect(rect.height).toBe(499);
    expect(rect.left).toBeGreaterThanOrEqual(0);
    expect(rect.top + rect.height).toBeLessThanOrEqual(499);
  });

  it('refuses an empty box', () => {
    expect(() => livenessCropRect({ x1: 10, y1: 10, x2: 10.5, y2: 50 }, 100, 100)).toThrow('empty');
  });
});
