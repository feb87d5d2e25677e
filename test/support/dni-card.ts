/**
 * Synthetic photos of the front of an Argentine DNI, for tests and `npm run bench:document`: the
 * PDF417 rendered by bwip-js, a card composed with sharp (a portrait, printed text through SVG,
 * the barcode; new or old layout) and photo-like variants (rotation, perspective, blur, glare,
 * JPEG quality, downscaling). Invented people only.
 */
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { cardBarcodeText, legacyBarcodeText, type SyntheticPerson } from '@app/document/testing';

const CARD_WIDTH = 1600;
const CARD_HEIGHT = 1010;

export interface CardOptions {
  layout?: 'card' | 'legacy';
  /** JPEG/PNG bytes of the holder's face; a plain silhouette-free grey box when absent. */
  portrait?: Buffer;
  /** Overrides the barcode text (e.g. a corrupted or foreign barcode). */
  barcodeText?: string;
  /** Leave the barcode out (a card whose barcode is covered). */
  withoutBarcode?: boolean;
}

/** The barcode text the card carries for this person and layout. */
export function barcodeTextFor(person: SyntheticPerson, layout: 'card' | 'legacy' = 'card'): string {
  if (layout === 'card') return cardBarcodeText(person);
  const [day, month, year] = person.emission.split('/');
  return legacyBarcodeText(person, `${day}/${month}/${Number(year) + 15}`);
}

/** A flat, straight, sharp PNG of the card front at 1600×1010. */
export async function renderDniFront(person: SyntheticPerson, options: CardOptions = {}): Promise<Buffer> {
  const layers: sharp.OverlayOptions[] = [{ input: Buffer.from(cardTextSvg(person)), left: 0, top: 0 }];
  const portrait = options.portrait
    ? await sharp(options.portrait).resize(430, 560, { fit: 'cover', position: 'attention' }).toBuffer()
    : await sharp({ create: { width: 430, height: 560, channels: 3, background: { r: 190, g: 195, b: 200 } } })
        .png()
        .toBuffer();
  layers.push({ input: portrait, left: 70, top: 210 });
  if (!options.withoutBarcode) {
    const text = options.barcodeText ?? barcodeTextFor(person, options.layout);
    // Longer (old-layout) texts get more columns so the symbol keeps the card's flat proportions.
    const columns = text.length > 120 ? 9 : 6;
    const barcode = await bwipjs.toBuffer({
      bcid: 'pdf417',
      text,
      scale: 2,
      columns,
      eclevel: 5,
      paddingwidth: 6,
      paddingheight: 6,
      backgroundcolor: 'FFFFFF',
    } as bwipjs.RenderOptions);
    const placed = await sharp(barcode).resize({ width: 840, kernel: 'nearest' }).png().toBuffer();
    const height = (await sharp(placed).metadata()).height ?? 0;
    layers.push({ input: placed, left: 690, top: Math.max(720, CARD_HEIGHT - 30 - height) });
  }
  return sharp({ create: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3, background: { r: 214, g: 226, b: 236 } } })
    .composite(layers)
    .png()
    .toBuffer();
}

function cardTextSvg(person: SyntheticPerson): string {
  const line = (x: number, y: number, size: number, text: string, weight = 'normal') =>
    `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${size}" font-weight="${weight}" fill="#1d2a3a">${escapeXml(text)}</text>`;
  const waves = Array.from(
    { length: 14 },
    (_, i) =>
      `<path d="M0 ${80 + i * 70} C400 ${20 + i * 70}, 1200 ${140 + i * 70}, 1600 ${60 + i * 70}" stroke="#c3d3e2" stroke-width="3" fill="none"/>`,
  ).join('');
  const [year] = person.emission.split('/').slice(2);
  const expiry = person.emission.replace(/\d{4}$/, String(Number(year) + 15));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">
    <rect width="100%" height="100%" fill="#d6e2ec" rx="40"/>${waves}
    ${line(70, 90, 44, 'REPÚBLICA ARGENTINA', 'bold')}
    ${line(70, 150, 30, 'DOCUMENTO NACIONAL DE IDENTIDAD — REGISTRO NACIONAL DE LAS PERSONAS')}
    ${line(560, 250, 24, 'Apellido / Surname')}${line(560, 290, 38, person.lastName, 'bold')}
    ${line(560, 350, 24, 'Nombre / Name')}${line(560, 390, 38, person.firstName, 'bold')}
    ${line(560, 450, 24, 'Sexo / Sex')}${line(560, 490, 34, person.sex)}
    ${line(760, 450, 24, 'Nacionalidad / Nationality')}${line(760, 490, 34, 'ARGENTINA')}
    ${line(560, 550, 24, 'Fecha de nacimiento / Date of birth')}${line(560, 590, 34, person.birth)}
    ${line(560, 650, 24, 'Fecha de emisión / Date of issue')}${line(560, 690, 34, person.emission)}
    ${line(1100, 650, 24, 'Fecha de vencimiento')}${line(1100, 690, 34, expiry)}
    ${line(1100, 250, 24, 'Ejemplar')}${line(1100, 290, 34, person.ejemplar)}
    ${line(70, 830, 28, 'Documento / Document')}${line(70, 880, 48, formatDni(person.dni), 'bold')}
    ${line(70, 940, 24, `Trámite N° ${person.tramite}`)}
  </svg>`;
}

/** How a phone photo of the card differs from the flat render. */
export interface PhotoVariant {
  name: string;
  /** Degrees, clockwise. */
  rotation?: number;
  /** 0..0.15: how much narrower the far edge is (a tilted phone). */
  perspective?: number;
  /** Gaussian sigma in px at the output size. */
  blur?: number;
  /** A bright elliptical reflection over the card. */
  glare?: boolean;
  jpegQuality?: number;
  /** Width of the card in the output photo, px. */
  cardWidth: number;
}

/** Puts the card on a table, then applies the variant as a phone camera would. */
export async function photographCard(card: Buffer, variant: PhotoVariant): Promise<Buffer> {
  const margin = 140;
  let photo = await sharp(card)
    .removeAlpha()
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: { r: 92, g: 74, b: 58 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (variant.perspective) photo = keystone(photo.data, photo.info.width, photo.info.height, variant.perspective);
  let pipeline = sharp(photo.data, { raw: { width: photo.info.width, height: photo.info.height, channels: 3 } });
  if (variant.rotation)
    pipeline = sharp(
      await pipeline
        .rotate(variant.rotation, { background: { r: 92, g: 74, b: 58 } })
        .png()
        .toBuffer(),
    );
  let image = await pipeline.png().toBuffer();
  if (variant.glare) {
    const meta = await sharp(image).metadata();
    const glare = `<svg xmlns="http://www.w3.org/2000/svg" width="${meta.width}" height="${meta.height}"><defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="0.85"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${(meta.width ?? 0) * 0.62}" cy="${(meta.height ?? 0) * 0.55}" rx="${(meta.width ?? 0) * 0.22}" ry="${(meta.height ?? 0) * 0.18}" fill="url(#g)"/></svg>`;
    image = await sharp(image)
      .composite([{ input: Buffer.from(glare), blend: 'over' }])
      .png()
      .toBuffer();
  }
  const scale = variant.cardWidth / CARD_WIDTH;
  const meta = await sharp(image).metadata();
  let out = sharp(image).resize({ width: Math.round((meta.width ?? CARD_WIDTH) * scale), kernel: 'lanczos3' });
  if (variant.blur) out = sharp(await out.png().toBuffer()).blur(variant.blur);
  return out.jpeg({ quality: variant.jpegQuality ?? 90 }).toBuffer();
}

/** A trapezoid warp: the top edge shrinks by `amount` of the width (inverse mapping, bilinear). */
function keystone(data: Buffer, width: number, height: number, amount: number): { data: Buffer; info: sharp.OutputInfo } {
  const out = Buffer.alloc(data.length);
  for (let y = 0; y < height; y++) {
    const shrink = amount * (1 - y / height);
    const rowScale = 1 - shrink;
    const offset = (width * shrink) / 2;
    for (let x = 0; x < width; x++) {
      const sx = (x - offset) / rowScale;
      const target = (y * width + x) * 3;
      if (sx < 0 || sx >= width - 1) {
        out[target] = 92;
        out[target + 1] = 74;
        out[target + 2] = 58;
        continue;
      }
      const x0 = Math.floor(sx);
      const t = sx - x0;
      const source = (y * width + x0) * 3;
      for (let c = 0; c < 3; c++) out[target + c] = Math.round(data[source + c] * (1 - t) + data[source + 3 + c] * t);
    }
  }
  return { data: out, info: { width, height, channels: 3, format: 'raw', size: out.length, premultiplied: false } };
}

function formatDni(dni: string): string {
  return dni.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The printed data of a RENAPER sandbox fixture person, as a synthetic card would carry it. */
export function cardPersonOf(fixture: {
  dni: string;
  sexo: string;
  tramite: string;
  ejemplar: string;
  emision: string;
  apellido: string;
  nombres: string;
  fechaNacimiento: string;
  cuil?: string | null;
}): SyntheticPerson {
  const [year, month, day] = fixture.fechaNacimiento.split('-');
  return {
    tramite: fixture.tramite.padStart(11, '0'),
    lastName: fixture.apellido,
    firstName: fixture.nombres,
    sex: fixture.sexo as SyntheticPerson['sex'],
    dni: fixture.dni,
    ejemplar: fixture.ejemplar,
    birth: `${day}/${month}/${year}`,
    emission: fixture.emision,
    cuilPrefix: fixture.cuil ? fixture.cuil.slice(0, 2) : undefined,
  };
}
