import { differenceHash, hammingDistance } from './perceptual-hash';

/** A 18x16 RGB raster whose grey level is `f(x, y)`. */
function raster(f: (x: number, y: number) => number, width = 18, height = 16): number[] {
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.push(f(x, y), f(x, y), f(x, y));
  return pixels;
}

describe('differenceHash', () => {
  it('sets every bit when brightness falls from left to right, none when it rises', () => {
    expect(
      differenceHash(
        raster((x) => 255 - x * 10),
        18,
        16,
      ),
    ).toBe('ffffffffffffffff');
    expect(
      differenceHash(
        raster((x) => x * 10),
        18,
        16,
      ),
    ).toBe('0000000000000000');
  });

  it('is the same for a brighter copy and for a rescaled copy', () => {
    const f = (x: number, y: number) => 100 + 60 * Math.sin(x / 5 + 0.3) * Math.cos(y / 4 + 0.2) + x;
    const hash = differenceHash(raster(f, 36, 32), 36, 32);
    expect(
      differenceHash(
        raster((x, y) => f(x, y) + 20, 36, 32),
        36,
        32,
      ),
    ).toBe(hash);
    // Twice the size: pixel (x, y) of the large copy shows the small image's point (x + 0.5) / 2 - 0.5.
    const large = raster((x, y) => f((x + 0.5) / 2 - 0.5, (y + 0.5) / 2 - 0.5), 72, 64);
    expect(hammingDistance(differenceHash(large, 72, 64), hash)).toBeLessThanOrEqual(4);
  });

  it('refuses a raster smaller than 9x8 or of the wrong length', () => {
    expect(() =>
      differenceHash(
        raster(() => 0, 4, 4),
        4,
        4,
      ),
    ).toThrow('smaller');
    expect(() => differenceHash([1, 2, 3], 18, 16)).toThrow('expected');
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000f1', '0000000000000000')).toBe(5);
  });

  it('refuses hashes of different lengths or not hex', () => {
    expect(() => hammingDistance('00', '000')).toThrow();
    expect(() => hammingDistance('zz', '00')).toThrow();
  });
});
