import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import sharp from 'sharp';
import { DniDocumentReader, readDniBarcode, UnreadableDocumentImageError, ZXING_READER_WASM_PATH } from '@app/document';
import { syntheticPeople } from '@app/document/testing';
import { barcodeTextFor, photographCard, renderDniFront } from './support/dni-card';
import { samplePhoto } from './support/faces';

/** The DNI reader on synthetic card photos (bwip-js barcode, sharp-composed card, photo-like variants). */
describe('DniDocumentReader', () => {
  const reader = new DniDocumentReader();
  const [person, second] = syntheticPeople(2, 11);

  beforeAll(() => reader.start());
  afterAll(() => reader.close());

  it('reads every field of a new-layout card photographed straight', async () => {
    const card = await renderDniFront(person, { portrait: samplePhoto(2) });
    const reading = await reader.read(await photographCard(card, { name: 'clean', cardWidth: 1100 }));
    expect(reading).toMatchObject({ outcome: 'read', valid: true, layout: 'card' });
    if (reading.outcome !== 'read' || !reading.valid) throw new Error('unreachable');
    expect(reading.data.documentNumber).toBe(person.dni);
    expect(reading.data.tramite).toBe(person.tramite);
    expect(reading.data.lastName).toBe(person.lastName);
    expect(reading.data.firstName).toBe(person.firstName);
    expect(reading.data.sex).toBe(person.sex);
  });

  it('reads an old-layout card', async () => {
    const card = await renderDniFront(second, { layout: 'legacy' });
    const reading = await reader.read(await photographCard(card, { name: 'clean', cardWidth: 1000 }));
    expect(reading).toMatchObject({ outcome: 'read', valid: true, layout: 'legacy', data: { documentNumber: second.dni } });
  });

  it('reads a card tilted 8° at JPEG quality 40 and 900 px wide, by deskewing the barcode crop', async () => {
    const card = await renderDniFront(person);
    const photo = await photographCard(card, { name: 'hard', rotation: 8, jpegQuality: 40, cardWidth: 900 });
    const reading = await reader.read(photo);
    expect(reading).toMatchObject({ outcome: 'read', valid: true, data: { documentNumber: person.dni } });
    if (reading.outcome === 'read') expect(reading.attempt).not.toBe('as-is');
  });

  it('reads a card photographed upside down and a card turned a quarter', async () => {
    const card = await renderDniFront(person);
    for (const rotation of [180, 90]) {
      const reading = await reader.read(await photographCard(card, { name: 'turned', rotation, cardWidth: 1000 }));
      expect(reading).toMatchObject({ outcome: 'read', valid: true, data: { documentNumber: person.dni } });
    }
  });

  it('says not-detected for a card whose barcode is covered', async () => {
    const card = await renderDniFront(person, { withoutBarcode: true });
    expect(await reader.read(await photographCard(card, { name: 'covered', cardWidth: 1000 }))).toEqual({ outcome: 'not-detected' });
  });

  it('reads but does not validate a PDF417 that holds something else', async () => {
    const card = await renderDniFront(person, { barcodeText: 'BOARDING PASS LH 1234 SEAT 12A' });
    const reading = await reader.read(await photographCard(card, { name: 'foreign', cardWidth: 1000 }));
    expect(reading).toMatchObject({ outcome: 'read', valid: false });
  });

  it('refuses bytes that are not an image with UnreadableDocumentImageError', async () => {
    await expect(reader.read(Buffer.from('not an image at all'))).rejects.toBeInstanceOf(UnreadableDocumentImageError);
  });

  it('keeps serving after a refused image', async () => {
    const card = await renderDniFront(second);
    const reading = await reader.read(await photographCard(card, { name: 'after', cardWidth: 1000 }));
    expect(reading).toMatchObject({ outcome: 'read', valid: true });
  });
});

describe('the ZXing reader binary', () => {
  it('is the .wasm inside the installed zxing-wasm package', () => {
    expect(ZXING_READER_WASM_PATH.split(sep).join('/')).toMatch(/node_modules\/zxing-wasm\/dist\/reader\/zxing_reader\.wasm$/);
    expect(existsSync(ZXING_READER_WASM_PATH)).toBe(true);
  });

  it('is loaded without any network fetch (global fetch refuses, the barcode still reads)', async () => {
    const original = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input: unknown) => {
      fetched.push(String(input));
      return Promise.reject(new Error('network is not allowed in this test'));
    };
    try {
      const [person] = syntheticPeople(1, 3);
      const card = await renderDniFront(person);
      const photo = await sharp(card).resize({ width: 1000 }).jpeg().toBuffer();
      const read = await readDniBarcode(photo);
      expect(read?.text).toBe(barcodeTextFor(person));
      expect(fetched).toEqual([]);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('is loaded from the path we configured, not from a URL (the package default is a CDN)', () => {
    expect(join(ZXING_READER_WASM_PATH)).not.toMatch(/^https?:/);
  });
});
