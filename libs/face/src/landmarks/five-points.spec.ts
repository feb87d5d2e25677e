import { toFivePoints } from './five-points';

describe('toFivePoints', () => {
  it('averages the eye contours and picks the nose tip and the outer mouth corners', () => {
    const points = new Float64Array(136);
    const set = (index: number, x: number, y: number) => {
      points[index * 2] = x;
      points[index * 2 + 1] = y;
    };
    [36, 37, 38, 39, 40, 41].forEach((index, k) => set(index, 10 + k, 20 + (k % 2)));
    [42, 43, 44, 45, 46, 47].forEach((index, k) => set(index, 40 + k, 22 - (k % 2)));
    set(30, 27, 35);
    set(48, 15, 50);
    set(54, 39, 51);
    set(60, 99, 99); // inner corners are ignored
    expect(toFivePoints(points)).toEqual([
      [12.5, 20.5],
      [42.5, 21.5],
      [27, 35],
      [15, 50],
      [39, 51],
    ]);
  });

  it('refuses anything but 68 points', () => {
    expect(() => toFivePoints(new Float64Array(10))).toThrow(/expected 68 landmarks/);
  });
});
