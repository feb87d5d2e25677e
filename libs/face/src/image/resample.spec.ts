import { rectangleMap, type RgbImage, warpRgb } from './resample';
import { resizeArea } from './resize-area';

/** A raster whose red channel is 10 * x and green channel 10 * y, blue 0. */
function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = 10 * x;
      data[(y * width + x) * 3 + 1] = 10 * y;
    }
  }
  return { data, width, height };
}

describe('warpRgb', () => {
  it('reproduces the source through the identity map', () => {
    const source = gradient(8, 6);
    const out = warpRgb(source, { xu: 1, xv: 0, x0: 0, yu: 0, yv: 1, y0: 0 }, 8, 6);
    expect(Array.from(out)).toEqual(Array.from(source.data));
  });

  it('interpolates bilinearly between pixel centres', () => {
    const source = gradient(8, 6);
    const out = warpRgb(source, { xu: 1, xv: 0, x0: 2.25, yu: 0, yv: 1, y0: 1.5 }, 1, 1);
    expect(out[0]).toBeCloseTo(22.5, 5);
    expect(out[1]).toBeCloseTo(15, 5);
  });

  it('fills positions outside the source', () => {
    const out = warpRgb(gradient(4, 4), { xu: 1, xv: 0, x0: -10, yu: 0, yv: 1, y0: -10 }, 2, 2, 127);
    expect(Array.from(out)).toEqual(new Array(12).fill(127));
  });

  it('averages the footprint when shrinking instead of skipping pixels', () => {
    // Alternating black and white columns: plain bilinear at 4x would hit one colour only.
    const width = 16;
    const data = new Uint8Array(width * 4 * 3);
    for (let i = 0; i < width * 4; i++) data.fill(i % 2 === 0 ? 0 : 255, i * 3, i * 3 + 3);
    const out = warpRgb({ data, width, height: 4 }, rectangleMap(0, 0, 16, 4, 4, 1), 4, 1);
    for (const value of out) expect(value).toBeCloseTo(127.5, 0);
  });
});

describe('resizeArea', () => {
  it('is the exact mean of the covered pixels for integer factors', () => {
    const source = gradient(8, 6);
    const out = resizeArea(source, { left: 0, top: 0, width: 8, height: 6 }, 4, 3, 0);
    // Output (0, 0) covers x 0..1 and y 0..1: red mean 5, green mean 5.
    expect(out[0]).toBeCloseTo(5, 5);
    expect(out[1]).toBeCloseTo(5, 5);
    // Output (3, 2) covers x 6..7, y 4..5.
    const last = (2 * 4 + 3) * 3;
    expect(out[last]).toBeCloseTo(65, 5);
    expect(out[last + 1]).toBeCloseTo(45, 5);
  });

  it('weights partly covered pixels and mixes in the fill outside the image (letterboxing)', () => {
    const source = gradient(4, 4);
    // One output pixel covering x -2..4: two thirds inside (mean red 15), one third outside (fill 90).
    const out = resizeArea(source, { left: -2, top: 0, width: 6, height: 4 }, 1, 1, 90);
    expect(out[0]).toBeCloseTo((2 / 3) * 15 + (1 / 3) * 90, 4);
  });

  it('agrees with the sub-sampling warp on a 2x reduction', () => {
    const source = gradient(20, 10);
    const area = resizeArea(source, { left: 0, top: 0, width: 20, height: 10 }, 10, 5, 0);
    const warped = warpRgb(source, rectangleMap(0, 0, 20, 10, 10, 5), 10, 5);
    area.forEach((value, i) => expect(value).toBeCloseTo(warped[i], 3));
  });
});
