import sharp from 'sharp';
import { estimateBarAngle, findBarcodeRegion } from './barcode-region';
import { cropGrey, type GreyImage, warpRegion } from './grey-image';

/** A light page with a block of vertical bars of varying widths (a barcode-like texture) and some soft noise. */
function pageWithBars(width: number, height: number, block: { left: number; top: number; width: number; height: number }): GreyImage {
  const data = new Uint8Array(width * height).fill(225);
  let x = block.left;
  let dark = true;
  let seed = 7;
  while (x < block.left + block.width) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const barWidth = 3 + (seed % 4) * 3;
    for (let y = block.top; y < block.top + block.height; y++) {
      for (let dx = 0; dx < barWidth && x + dx < block.left + block.width; dx++) data[y * width + x + dx] = dark ? 20 : 245;
    }
    x += barWidth;
    dark = !dark;
  }
  return { width, height, data };
}

async function rotate(image: GreyImage, degrees: number): Promise<GreyImage> {
  const { data, info } = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } })
    .rotate(degrees, { background: '#e1e1e1' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = new Uint8Array(info.width * info.height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels];
  return { width: info.width, height: info.height, data: grey };
}

/** Degrees between two bar directions (bars have no head: 90° and -90° are the same direction). */
function angleError(measured: number, actual: number): number {
  const difference = (((measured - actual) % 180) + 180) % 180;
  return Math.min(difference, 180 - difference);
}

describe('finding and straightening the barcode region', () => {
  const block = { left: 300, top: 380, width: 420, height: 140 };
  const page = pageWithBars(900, 600, block);

  it('finds the block of bars and nothing much around it', () => {
    const region = findBarcodeRegion(page);
    expect(region).not.toBeNull();
    if (!region) return;
    expect(region.left).toBeLessThanOrEqual(block.left);
    expect(region.top).toBeLessThanOrEqual(block.top);
    expect(region.left + region.width).toBeGreaterThanOrEqual(block.left + block.width);
    expect(region.top + region.height).toBeGreaterThanOrEqual(block.top + block.height);
    expect(region.width * region.height).toBeLessThan(2 * block.width * block.height);
  });

  it('finds nothing on a blank page', () => {
    expect(findBarcodeRegion({ width: 600, height: 400, data: new Uint8Array(600 * 400).fill(200) })).toBeNull();
  });

  it.each([-8, -3, 5, 8, 90])(
    'measures bars tilted %d° within 1°, and deskewing the crop leaves them within 2° of upright',
    async (tilt) => {
      const tilted = await rotate(page, tilt);
      const region = findBarcodeRegion(tilted);
      expect(region).not.toBeNull();
      if (!region) return;
      const angle = estimateBarAngle(tilted, region);
      // The structure tensor reads steep tilts up to ~20 % too steep; readers tolerate about ±4°.
      expect(angleError(angle, tilt)).toBeLessThan(0.5);
      const straight = await warpRegion(tilted, region, 1, -angle);
      // Measured inside, away from the white corners the rotation adds.
      const inside = { left: straight.width / 4, top: straight.height / 4, width: straight.width / 2, height: straight.height / 2 };
      expect(angleError(estimateBarAngle(straight, inside), 0)).toBeLessThan(2);
    },
  );

  it('cuts a crop that is exactly the rows of the box, clamped to the image', () => {
    const crop = cropGrey(page, { left: 890, top: 10, width: 50, height: 3 });
    expect(crop).toMatchObject({ width: 10, height: 3 });
    expect(Array.from(crop.data.subarray(0, 10))).toEqual(Array.from(page.data.subarray(10 * 900 + 890, 10 * 900 + 900)));
  });

  it('scales while it cuts, so an upscaled crop is one resampling', async () => {
    const scaled = await warpRegion(page, block, 2, 0);
    expect(scaled.width).toBeGreaterThanOrEqual(2 * block.width - 2);
    expect(scaled.height).toBeGreaterThanOrEqual(2 * block.height - 2);
  });
});
