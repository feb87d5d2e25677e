import { dlibFaceSquare, FRNET_INPUT_SIDE, frnetCrop, mirrorCrop } from './frnet-crop';

/** 68 points with both eye contours on one point each and the whole mouth on another. */
function landmarks(leftEye: [number, number], rightEye: [number, number], mouth: [number, number]): Float64Array {
  const points = new Float64Array(136);
  const put = (from: number, to: number, [x, y]: [number, number]) => {
    for (let i = from; i <= to; i++) {
      points[i * 2] = x;
      points[i * 2 + 1] = y;
    }
  };
  put(0, 35, [999, 999]); // jaw, brows and nose play no part
  put(36, 41, leftEye);
  put(42, 47, rightEye);
  put(48, 67, mouth);
  return points;
}

describe('dlibFaceSquare', () => {
  it('sizes the square by the eye-to-mouth distance / 0.45 and puts the landmark centre at (50%, 43%)', () => {
    // Eye-to-mouth distance 50 for both eyes (30-40-50 triangles) -> side 111.1.
    const square = dlibFaceSquare(landmarks([70, 60], [130, 60], [100, 100]));
    const side = 50 / 0.45;
    expect(square.width).toBeCloseTo(side, 9);
    expect(square.height).toBeCloseTo(side, 9);
    // Centre of the three reference points: (100, 73.33).
    expect(square.left).toBeCloseTo(100 - 0.5 * side, 9);
    expect(square.top).toBeCloseTo(220 / 3 - 0.43 * side, 9);
  });

  it('refuses anything but 68 points', () => {
    expect(() => dlibFaceSquare(new Float64Array(10))).toThrow(/expected 68 landmarks/);
  });
});

describe('frnetCrop', () => {
  it('resamples the square to 150x150 as face-api does and reads black outside the image', () => {
    // A 40x40 image whose red channel is the column index; the square starts 10 px left of it.
    const data = new Uint8Array(40 * 40 * 3);
    for (let i = 0; i < 40 * 40; i++) data[i * 3] = i % 40;
    const points = landmarks([0, 10], [30, 10], [15, 30]);
    const square = dlibFaceSquare(points);
    const crop = frnetCrop({ data, width: 40, height: 40 }, points);
    expect(crop).toHaveLength(FRNET_INPUT_SIDE * FRNET_INPUT_SIDE * 3);
    const scale = square.width / FRNET_INPUT_SIDE;
    const row = 75 * FRNET_INPUT_SIDE * 3;
    // Output column u reads the source at left + u * scale (tf.image.resizeBilinear without half-pixel centres).
    for (const u of [40, 75, 100]) {
      const x = square.left + u * scale;
      if (x >= 0 && x <= 39) expect(crop[row + u * 3]).toBeCloseTo(x, 3);
    }
    expect(crop[row]).toBe(0);
  });
});

describe('mirrorCrop', () => {
  it('reverses every row and keeps the channels in order', () => {
    const crop = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(mirrorCrop(crop, 2))).toEqual([4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9]);
  });
});
