/**
 * dHash ("difference hash"): the image in grey, shrunk to 9x8 by area averaging, one bit per
 * horizontally adjacent pair (is the left cell brighter than the right one?). 64 bits, written as
 * 16 hex digits. It survives re-encoding, rescaling, mild blur and brightness changes, and changes
 * with the picture's content: two different photos of one person differ in ~20-35 of 64 bits, a
 * re-encoded crop of the same photo in a handful.
 */
const COLUMNS = 9;
const ROWS = 8;

/** `pixels`: interleaved RGB 0..255, `width * height * 3` values. */
export function differenceHash(pixels: ArrayLike<number>, width: number, height: number): string {
  if (pixels.length !== width * height * 3) throw new Error(`expected ${width * height * 3} values, got ${pixels.length}`);
  if (width < COLUMNS || height < ROWS) throw new Error(`the image is smaller than ${COLUMNS}x${ROWS}`);
  const cells = shrinkGrey(pixels, width, height);
  let hex = '';
  for (let row = 0; row < ROWS; row++) {
    let byte = 0;
    for (let column = 0; column < COLUMNS - 1; column++) {
      const bit = cells[row * COLUMNS + column] > cells[row * COLUMNS + column + 1] ? 1 : 0;
      byte = (byte << 1) | bit;
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Differing bits of two hashes of the same length (0 = identical, 64 = opposite). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length || !/^[0-9a-f]*$/.test(a + b)) throw new Error('hashes must be hex strings of the same length');
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}

/** Mean BT.601 luma of each of the 9x8 cells; partial pixels count by the share they cover. */
function shrinkGrey(pixels: ArrayLike<number>, width: number, height: number): Float64Array {
  const cells = new Float64Array(COLUMNS * ROWS);
  const weights = new Float64Array(COLUMNS * ROWS);
  const cellWidth = width / COLUMNS;
  const cellHeight = height / ROWS;
  for (let y = 0; y < height; y++) {
    const rowSpans = spans(y, cellHeight, ROWS);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const luma = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
      for (const [row, rowShare] of rowSpans) {
        for (const [column, columnShare] of spans(x, cellWidth, COLUMNS)) {
          const share = rowShare * columnShare;
          cells[row * COLUMNS + column] += luma * share;
          weights[row * COLUMNS + column] += share;
        }
      }
    }
  }
  for (let i = 0; i < cells.length; i++) cells[i] /= weights[i];
  return cells;
}

/** The cells pixel [p, p+1) falls in along one axis, with the fraction of the pixel in each. */
function spans(p: number, cell: number, count: number): Array<[number, number]> {
  const first = Math.min(count - 1, Math.floor(p / cell));
  const last = Math.min(count - 1, Math.floor((p + 1 - 1e-9) / cell));
  if (first === last) return [[first, 1]];
  const boundary = last * cell;
  return [
    [first, boundary - p],
    [last, p + 1 - boundary],
  ];
}
