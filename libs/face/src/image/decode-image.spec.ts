import sharp from 'sharp';
import { decodeView, type DecodeLimits, readHeader } from './decode-image';
import { UnusableImageError } from './unusable-image.error';

const LIMITS: DecodeLimits = { maxSide: 1280, minSide: 80, maxMegapixels: 40, maxBytes: 5 * 1024 * 1024 };

/** A left-red / right-blue image, so orientation mistakes show up as swapped colours. */
function twoColourImage(width: number, height: number): sharp.Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) pixels[i] = 255;
      else pixels[i + 2] = 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function rejection(promise: Promise<unknown>): Promise<UnusableImageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnusableImageError);
  return error as UnusableImageError;
}

describe('readHeader', () => {
  it('reads the format and the size after EXIF orientation', async () => {
    const stored = await twoColourImage(200, 120).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    await expect(readHeader(stored, LIMITS)).resolves.toEqual({ format: 'jpeg', width: 120, height: 200 });
  });

  it('refuses images whose shorter side is below the minimum, judged after orientation', async () => {
    const png = await twoColourImage(300, 50).png().toBuffer();
    expect((await rejection(readHeader(png, LIMITS))).reason).toBe('image is 300x50; its shorter side must be at least 80 px');
  });

  it('refuses too many megapixels from the header alone', async () => {
    // 9000 x 5000 = 45 MP of a single colour compresses to a few kilobytes.
    const big = await sharp({ create: { width: 9000, height: 5000, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    expect((await rejection(readHeader(big, LIMITS))).reason).toMatch(/^image is 9000x5000 \(45\.0 MP\); the limit is 40 MP$/);
  });

  it('refuses unknown formats, empty and oversized inputs, and unreadable headers', async () => {
    expect((await rejection(readHeader(Buffer.from('GIF89a-not-accepted'), LIMITS))).reason).toBe('not a JPEG, PNG, WebP or TIFF image');
    expect((await rejection(readHeader(Buffer.alloc(0), LIMITS))).reason).toBe('image is empty');
    const jpegMagicThenGarbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(4000, 7)]);
    expect((await rejection(readHeader(jpegMagicThenGarbage, LIMITS))).reason).toMatch(/^JPEG header is unreadable/);
    const tooBig = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(LIMITS.maxBytes)]);
    expect((await rejection(readHeader(tooBig, LIMITS))).reason).toMatch(/bytes; the limit is 5242880$/);
  });
});

describe('decodeView', () => {
  it('shrinks to the requested longest side and keeps the scale back to original pixels', async () => {
    const jpeg = await twoColourImage(1600, 1000).jpeg().toBuffer();
    const header = await readHeader(jpeg, LIMITS);
    const view = await decodeView(jpeg, header, 640);
    expect([view.width, view.height]).toEqual([640, 400]);
    expect(view.data.length).toBe(640 * 400 * 3);
    expect(view.scaleX).toBeCloseTo(2.5, 6);
    expect(view.scaleY).toBeCloseTo(2.5, 6);
  });

  it('never enlarges a small image', async () => {
    const png = await twoColourImage(200, 100).png().toBuffer();
    const view = await decodeView(png, await readHeader(png, LIMITS), 640);
    expect([view.width, view.height, view.scaleX]).toEqual([200, 100, 1]);
  });

  it('applies EXIF orientation (stored sideways, decoded upright)', async () => {
    // Stored rotated a quarter turn anticlockwise with orientation 6 ("rotate 90 clockwise to view").
    const stored = await twoColourImage(200, 120).rotate(270).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const view = await decodeView(stored, await readHeader(stored, LIMITS), 640);
    expect([view.width, view.height]).toEqual([200, 120]);
    const pixel = (x: number, y: number) => Array.from(view.data.subarray((y * view.width + x) * 3, (y * view.width + x) * 3 + 3));
    expect(pixel(20, 60)[0]).toBeGreaterThan(200); // red on the left
    expect(pixel(180, 60)[2]).toBeGreaterThan(200); // blue on the right
  });

  it('decodes a region of the original with offsets back to original coordinates', async () => {
    const jpeg = await twoColourImage(1600, 1000).jpeg().toBuffer();
    const header = await readHeader(jpeg, LIMITS);
    const view = await decodeView(jpeg, header, 800, { left: 400, top: 200, width: 400, height: 300 });
    expect([view.width, view.height]).toEqual([200, 150]);
    // The region's first pixel is original pixel (400, 200): red half, since x < 800.
    expect(view.data[0]).toBeGreaterThan(200);
    expect([view.offsetX, view.offsetY, view.scaleX]).toEqual([400, 200, 2]);
  });

  it('turns grey, 16-bit and transparent images into 8-bit RGB', async () => {
    const variants = [
      await twoColourImage(100, 100).greyscale().png().toBuffer(),
      await twoColourImage(100, 100).toColourspace('rgb16').png().toBuffer(),
      await twoColourImage(100, 100).ensureAlpha(0.5).png().toBuffer(),
      await twoColourImage(100, 100).toColourspace('cmyk').jpeg().toBuffer(),
    ];
    for (const bytes of variants) {
      const view = await decodeView(bytes, await readHeader(bytes, LIMITS), 640);
      expect(view.data.length).toBe(100 * 100 * 3);
    }
  });

  it('reports truncated data as an unusable image instead of crashing', async () => {
    const jpeg = await twoColourImage(800, 600).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    const error = await rejection(readHeader(truncated, LIMITS).then((header) => decodeView(truncated, header, 640)));
    expect(error.reason).toMatch(/^image data is corrupt or truncated/);
  });
});
