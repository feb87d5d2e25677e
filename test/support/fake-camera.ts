import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

/** One still image shown by the fake camera for a while. */
export interface CameraShot {
  image: Buffer;
  seconds: number;
}

/**
 * Writes a Y4M video (what Chromium's fake capture device reads with
 * `--use-file-for-fake-video-capture`) showing `image` centred on a grey background: a text header,
 * then `frames` times `FRAME\n` + the I420 planes (full-range BT.601, as `C420jpeg` says).
 */
export async function writeY4m(path: string, image: Buffer, width = 640, height = 480, frames = 5): Promise<void> {
  await writeY4mSequence(path, [{ image, seconds: frames / 30 }], { width, height, fps: 30 });
}

/**
 * A Y4M video of several stills in turn, each held for its `seconds` at `fps` (the device plays
 * the file at that rate from its first frame when the page opens the camera, and loops). With
 * `sensorNoise`, every frame gets its own faint luma noise (±2 levels on a sparse grid), as a real camera's frames
 * never repeat bit for bit, even of a still scene.
 */
export async function writeY4mSequence(
  path: string,
  shots: CameraShot[],
  options: { width?: number; height?: number; fps?: number; sensorNoise?: boolean } = {},
): Promise<void> {
  const { width = 640, height = 480, fps = 5, sensorNoise = false } = options;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const parts: Buffer[] = [header];
  let seed = 1;
  for (const shot of shots) {
    const planes = await toI420(shot.image, width, height);
    for (let i = 0; i < Math.max(1, Math.round(shot.seconds * fps)); i++) {
      const frame = Buffer.from(planes);
      if (sensorNoise) {
        // Every 7th pixel is enough for no two frames to be equal, and keeps the video quick to write.
        for (let p = (i + shots.indexOf(shot)) % 7; p < width * height; p += 7) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          frame[p] = Math.max(0, Math.min(255, frame[p] + ((seed >> 16) % 5) - 2));
        }
      }
      parts.push(Buffer.from('FRAME\n'), frame);
    }
  }
  writeFileSync(path, Buffer.concat(parts));
}

async function toI420(image: Buffer, width: number, height: number): Promise<Buffer> {
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
      let r = 0,
        g = 0,
        b = 0;
      for (const [dy, dx] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]) {
        const i = ((row * 2 + dy) * width + col * 2 + dx) * 3;
        r += data[i];
        g += data[i + 1];
        b += data[i + 2];
      }
      r /= 4;
      g /= 4;
      b /= 4;
      u[row * (width / 2) + col] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[row * (width / 2) + col] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return Buffer.concat([y, u, v]);
}
