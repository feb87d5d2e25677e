/**
 * Synthetic presentation attacks, made reproducibly (seeded) from genuine photos, for
 * `npm run bench:liveness` and the liveness API tests. Three attack types (ISO/IEC 30107-3 "PAI
 * species"):
 * - screen replay: the photo shown full-screen in a phone frame (a page rendered by Debian's
 *   Chromium), then "re-photographed": gamma shift, moire, glare, keystone perspective, blur, JPEG;
 * - print: ordered-dither halftone, paper texture, a warm colour shift, the sheet on a table with
 *   its white margin and edge visible, slightly rotated;
 * - ID portrait as selfie: the portrait cut out of an ID-document-like copy (small, soft,
 *   washed-out, heavily compressed), enlarged to selfie size.
 * They are stand-ins: real replays and prints carry optics and materials no simulation has.
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';

export const ATTACK_TYPES = ['screen-replay', 'print', 'id-portrait'] as const;
export type AttackType = (typeof ATTACK_TYPES)[number];

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** mulberry32: a small, fast, seedable PRNG (the same seed gives the same attacks on every machine). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable seed per (run seed, photo name, attack), so one photo's attacks do not depend on the others. */
export function seedFor(seed: number, ...parts: string[]): number {
  let hash = seed >>> 0;
  for (const char of parts.join('|')) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

const between = (random: () => number, low: number, high: number) => low + (high - low) * random();

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

async function toRaw(image: Buffer | sharp.Sharp): Promise<Raw> {
  const pipeline = Buffer.isBuffer(image) ? sharp(image) : image;
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function fromRaw(raw: Raw): sharp.Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });
}

const clamp = (value: number) => (value < 0 ? 0 : value > 255 ? 255 : value);

/** The camera seeing a screen: gamma, a two-grating moire, a glare blob (in place). */
function rephotographScreen(raw: Raw, random: () => number): void {
  const gamma = between(random, 0.75, 1.3);
  const period = between(random, 2.5, 5);
  const angle = between(random, 0, Math.PI);
  const amplitude = between(random, 0.05, 0.12);
  const glareX = between(random, 0.2, 0.8) * raw.width;
  const glareY = between(random, 0.15, 0.6) * raw.height;
  const glareRadius = between(random, 0.15, 0.35) * Math.min(raw.width, raw.height);
  const glareStrength = between(random, 40, 110);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < raw.height; y++) {
    for (let x = 0; x < raw.width; x++) {
      const moire =
        1 +
        amplitude *
          Math.sin((2 * Math.PI * (x * cos + y * sin)) / period) *
          Math.sin((2 * Math.PI * (x * sin - y * cos)) / (period * 1.07));
      const glare = glareStrength * Math.exp(-((x - glareX) ** 2 + (y - glareY) ** 2) / (2 * glareRadius ** 2));
      const i = (y * raw.width + x) * 3;
      for (let c = 0; c < 3; c++) raw.data[i + c] = clamp(255 * (raw.data[i + c] / 255) ** gamma * moire + glare);
    }
  }
}

/** A keystone (the camera tilted against the screen or paper): each row scaled about the centre. */
function keystone(raw: Raw, topScale: number, bottomScale: number, fill: number): Raw {
  const out = Buffer.alloc(raw.data.length, fill);
  const centre = raw.width / 2;
  for (let y = 0; y < raw.height; y++) {
    const scale = topScale + ((bottomScale - topScale) * y) / raw.height;
    for (let x = 0; x < raw.width; x++) {
      const sx = Math.round(centre + (x - centre) / scale);
      if (sx < 0 || sx >= raw.width) continue;
      const o = (y * raw.width + x) * 3;
      const s = (y * raw.width + sx) * 3;
      out[o] = raw.data[s];
      out[o + 1] = raw.data[s + 1];
      out[o + 2] = raw.data[s + 2];
    }
  }
  return { data: out, width: raw.width, height: raw.height };
}

function phonePage(photo: Buffer, random: () => number): string {
  const bezel = ['#111', '#1c1c1e', '#2b2b2b', '#e8e8e8'][Math.floor(random() * 4)];
  const desk = ['#6b5a45', '#3d4a57', '#8c8c84', '#20242a'][Math.floor(random() * 4)];
  const src = `data:image/jpeg;base64,${photo.toString('base64')}`;
  return `<!doctype html><html><body style="margin:0;background:${desk};display:flex;align-items:center;justify-content:center;height:100vh">
<div style="width:420px;height:860px;border-radius:56px;background:${bezel};padding:22px;box-sizing:border-box;box-shadow:0 20px 60px rgba(0,0,0,.6)">
<div style="position:relative;width:100%;height:100%;border-radius:38px;overflow:hidden;background:#000">
<img src="${src}" style="width:100%;height:100%;object-fit:cover">
<div style="position:absolute;top:10px;left:50%;transform:translateX(-50%);width:110px;height:28px;border-radius:14px;background:#000"></div>
<div style="position:absolute;top:6px;left:24px;color:#fff;font:600 15px sans-serif">9:41</div>
</div></div></body></html>`;
}

/** (a) Screen replay. `browser`: Chromium launched with CHROMIUM_ARGS (one per run, reused). */
export async function screenReplay(photo: Buffer, random: () => number, browser: Browser): Promise<Buffer> {
  const source = await sharp(photo)
    .rotate()
    .resize({ width: 800, height: 1600, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 92 })
    .toBuffer();
  const page = await browser.newPage({ viewport: { width: 720, height: 960 } });
  try {
    await page.setContent(phonePage(source, random), { waitUntil: 'load' });
    const shot = await page.screenshot({ type: 'png' });
    let raw = await toRaw(sharp(shot).resize({ width: 600 }));
    rephotographScreen(raw, random);
    raw = keystone(raw, between(random, 0.85, 1), between(random, 0.85, 1), 40);
    return await fromRaw(raw)
      .rotate(between(random, -6, 6), { background: '#282828' })
      .blur(between(random, 0.6, 1.6))
      .jpeg({ quality: Math.round(between(random, 60, 88)) })
      .toBuffer();
  } finally {
    await page.close();
  }
}

/** (b) Print: dither halftone, paper grain, colour shift, the sheet's edge on a table. */
export async function printAttack(photo: Buffer, random: () => number): Promise<Buffer> {
  const raw = await toRaw(sharp(photo).rotate().resize({ width: 520, height: 700, fit: 'inside' }));
  const bayer = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
  const dot = Math.round(between(random, 1, 2));
  const warm = between(random, 0.9, 1.08);
  for (let y = 0; y < raw.height; y++) {
    for (let x = 0; x < raw.width; x++) {
      const threshold = (bayer[(Math.floor(y / dot) % 4) * 4 + (Math.floor(x / dot) % 4)] + 0.5) / 16;
      const grain = (random() - 0.5) * 30;
      const i = (y * raw.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        // Four ink levels per channel, dithered: the printer's halftone seen closely.
        const level = (raw.data[i + c] / 255) * 3;
        const ink = Math.floor(level) + (level - Math.floor(level) > threshold ? 1 : 0);
        const paper = 235 + grain * 0.3;
        const tint = c === 2 ? 1 / warm : c === 0 ? warm : 1;
        raw.data[i + c] = clamp(((ink / 3) * paper + grain) * tint);
      }
    }
  }
  const margin = Math.round(between(random, 18, 40));
  const sheet = await fromRaw(raw)
    .blur(between(random, 0.5, 1.1))
    .modulate({ saturation: between(random, 0.7, 0.95), brightness: between(random, 0.9, 1.05) })
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#f4f1ea' })
    .png()
    .toBuffer();
  const table = ['#5b4a3a', '#a9a39a', '#2e3338', '#7a6a58'][Math.floor(random() * 4)];
  const rotated = await sharp(sheet)
    .rotate(between(random, -8, 8), { background: table })
    .png()
    .toBuffer();
  const meta = await sharp(rotated).metadata();
  const border = Math.round(between(random, 30, 90));
  let out = await toRaw(
    sharp(rotated).extend({ top: border, bottom: border, left: border, right: border, background: table }).resize({ width: meta.width }),
  );
  out = keystone(out, between(random, 0.88, 1), between(random, 0.88, 1), 60);
  return fromRaw(out)
    .blur(between(random, 0.3, 0.9))
    .jpeg({ quality: Math.round(between(random, 70, 90)) })
    .toBuffer();
}

export interface FaceRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** (c) ID portrait as selfie: the document's small, degraded portrait cut out and enlarged. */
export async function idPortrait(photo: Buffer, face: FaceRegion, random: () => number): Promise<Buffer> {
  const oriented = await sharp(photo).rotate().toBuffer({ resolveWithObject: true });
  const { width, height } = oriented.info;
  const side = Math.max(face.width, face.height);
  const marginX = side * between(random, 0.45, 0.7);
  const left = Math.max(0, Math.round(face.x - marginX));
  const top = Math.max(0, Math.round(face.y - side * between(random, 0.6, 0.9)));
  const cropWidth = Math.min(width - left, Math.round(face.width + 2 * marginX));
  const cropHeight = Math.min(height - top, Math.round(cropWidth * 1.3));
  const portrait = await sharp(oriented.data)
    .extract({ left, top, width: cropWidth, height: cropHeight })
    .resize({ width: Math.round(between(random, 90, 150)) })
    .blur(0.6)
    .modulate({ saturation: between(random, 0.4, 0.7), brightness: between(random, 1.0, 1.12) })
    .jpeg({ quality: Math.round(between(random, 25, 45)) })
    .toBuffer();
  return sharp(portrait)
    .resize({ width: Math.round(between(random, 360, 520)) })
    .jpeg({ quality: 90 })
    .toBuffer();
}
