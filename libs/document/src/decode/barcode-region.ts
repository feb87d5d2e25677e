import type { Box, GreyImage } from './grey-image';

/**
 * Finds where a PDF417 probably is, cheaply, so the reader can work on a crop: a PDF417 is a dense
 * block of parallel bars, so its cells have strong gradients that all point one way, while text,
 * faces and backgrounds have weak or mixed ones. Works at any bar direction (the orientation is
 * estimated per cell from the structure tensor), so it also finds rotated barcodes.
 */
const CELL = 12;

interface CellStats {
  /** Gradient energy. */
  energy: number;
  /** 0..1: how much the gradients agree on one direction. */
  coherence: number;
}

/** The bounding box of the largest block of bar-like cells, with a margin; null when there is none. */
export function findBarcodeRegion(image: GreyImage): Box | null {
  const cols = Math.floor(image.width / CELL);
  const rows = Math.floor(image.height / CELL);
  if (cols < 4 || rows < 4) return null;
  const cells = cellStats(image, cols, rows);
  const energies = cells.map((cell) => cell.energy).sort((a, b) => a - b);
  // Printed bars are the strongest edges on a card: keep cells near the top of the energy range.
  const strong = Math.max(energies[Math.floor(energies.length * 0.98)] * 0.3, 1);
  const barLike = cells.map((cell) => cell.energy >= strong && cell.coherence > 0.5);
  const component = largestComponent(barLike, cols, rows);
  if (!component || component.count < 6) return null;
  const margin = CELL * 2;
  const left = Math.max(0, component.minX * CELL - margin);
  const top = Math.max(0, component.minY * CELL - margin);
  const right = Math.min(image.width, (component.maxX + 1) * CELL + margin);
  const bottom = Math.min(image.height, (component.maxY + 1) * CELL + margin);
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * The dominant bar direction of a barcode in degrees, in (-90, 90]: 0 when the bars are vertical,
 * positive when they lean clockwise. From the summed structure tensor of the box (the whole image
 * when no box is given), so the caller need not cut the region out first.
 */
export function estimateBarAngle(image: GreyImage, box: Box = { left: 0, top: 0, width: image.width, height: image.height }): number {
  const { xx, yy, xy } = structureTensor(image, box.left, box.top, box.width, box.height);
  // Orientation of the gradients (perpendicular to the bars); bars vertical ⇔ gradients horizontal.
  const gradientAngle = 0.5 * Math.atan2(2 * xy, xx - yy);
  return (gradientAngle * 180) / Math.PI;
}

function cellStats(image: GreyImage, cols: number, rows: number): CellStats[] {
  const stats: CellStats[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const { xx, yy, xy } = structureTensor(image, col * CELL, row * CELL, CELL, CELL);
      const trace = xx + yy;
      const coherence = trace > 0 ? Math.sqrt((xx - yy) ** 2 + 4 * xy * xy) / trace : 0;
      stats.push({ energy: trace / (CELL * CELL), coherence });
    }
  }
  return stats;
}

/**
 * Sums of gx², gy² and gx·gy (central differences) over a rectangle. One tight loop over the
 * pixels: this runs over every pixel of the photo, so it stays free of callbacks and allocations.
 */
function structureTensor(
  image: GreyImage,
  left: number,
  top: number,
  width: number,
  height: number,
): { xx: number; yy: number; xy: number } {
  const { data, width: stride } = image;
  const x0 = Math.max(1, Math.round(left));
  const y0 = Math.max(1, Math.round(top));
  const x1 = Math.min(image.width - 1, Math.round(left + width));
  const y1 = Math.min(image.height - 1, Math.round(top + height));
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * stride;
    for (let x = x0; x < x1; x++) {
      const at = row + x;
      // Scharr: smoothed across the derivative, so staircased tilted edges do not bias the direction.
      const above = at - stride;
      const below = at + stride;
      const gx = 3 * (data[above + 1] - data[above - 1]) + 10 * (data[at + 1] - data[at - 1]) + 3 * (data[below + 1] - data[below - 1]);
      const gy = 3 * (data[below - 1] - data[above - 1]) + 10 * (data[below] - data[above]) + 3 * (data[below + 1] - data[above + 1]);
      xx += gx * gx;
      yy += gy * gy;
      xy += gx * gy;
    }
  }
  return { xx, yy, xy };
}

interface Component {
  count: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** 8-connected flood fill, allowing one-cell gaps (bars with quiet columns between them). */
function largestComponent(marks: boolean[], cols: number, rows: number): Component | null {
  const seen = new Uint8Array(marks.length);
  let best: Component | null = null;
  for (let start = 0; start < marks.length; start++) {
    if (!marks[start] || seen[start]) continue;
    const component: Component = { count: 0, minX: cols, minY: rows, maxX: 0, maxY: 0 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const index = stack.pop() as number;
      const x = index % cols;
      const y = Math.floor(index / cols);
      component.count++;
      component.minX = Math.min(component.minX, x);
      component.maxX = Math.max(component.maxX, x);
      component.minY = Math.min(component.minY, y);
      component.maxY = Math.max(component.maxY, y);
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
          const next = ny * cols + nx;
          if (marks[next] && !seen[next]) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
    if (!best || component.count > best.count) best = component;
  }
  return best;
}
