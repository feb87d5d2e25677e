import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

/**
 * Writes a Y4M video (what Chromium's fake capture device reads with
 * `--use-file-for-fake-video-capture`) showing `image` centred on a grey background: a text header,
 * then `frames` times `FRAME\n` + the I420 planes (full-range BT.601, as `C420jpeg` says).
 */
export async function writeY4m(path: string, image: Buffer, width = 640, height = 480, frames = 5): Promise<void> {
  const { data } = await sharp(image)
    .resize(width, height, { fit: 'contain', background: { r: 128, g: 128, b: 128 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * 3;
      y[row * width + col] = clamp(0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]);
    }
  }
  for (let row = 0; row < height / 2; row++) {
    for (let col = 0; col < width / 2; col++) {
      let r = 0, g = 0, b = 0;
      for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
        const i = ((row * 2 + dy) * width + col * 2 + dx) * 3;
        r += data[i]; g += data[i + 1]; b += data[i + 2];
      }
      r /= 4; g /= 4; b /= 4;
      u[row * (width / 2) + col] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[row * (width / 2) + col] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
