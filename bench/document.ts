/**
 * `npm run bench:document [-- --cards 20 --json]`
 *
 * Read rate and latency of the DNI barcode reader on synthetic card photos: `--cards` invented
 * people (both layouts alternate), each card composed with sharp around a bwip-js PDF417 and a
 * face from the install's sample photos, then photographed in every variant below (rotation,
 * perspective, blur, glare, JPEG quality, width). Reading runs in this process, one photo at a
 * time, with libvips on one thread: the latency of one card on one core. A card counts as read
 * when every parsed field equals what was printed.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { parseDniBarcode, prepareZxingReaderForBench, readDniBarcode } from '@app/document';
import { syntheticPeople } from '@app/document/testing';
import { barcodeTextFor, photographCard, renderDniFront, type PhotoVariant } from '../test/support/dni-card';
import { samplePhoto } from '../test/support/faces';
import { log, option } from './lib/services';
import { markdownTable, percentile, round } from './lib/stats';

const cards = Number(option('cards', '20'));
const asJson = process.argv.includes('--json');

/** `accept`: inside the acceptance envelope (≤ ±8°, JPEG ≥ 40, card ≥ 900 px wide). */
const VARIANTS: (PhotoVariant & { accept: boolean })[] = [
  { name: 'straight 1200px q90', cardWidth: 1200, accept: true },
  { name: 'rotated +4°', rotation: 4, cardWidth: 1000, accept: true },
  { name: 'rotated -4°', rotation: -4, cardWidth: 1000, accept: true },
  { name: 'rotated +8°', rotation: 8, cardWidth: 1000, accept: true },
  { name: 'rotated -8°', rotation: -8, cardWidth: 1000, accept: true },
  { name: 'perspective 8%', perspective: 0.08, cardWidth: 1000, accept: true },
  { name: 'blur σ1.2', blur: 1.2, cardWidth: 1000, accept: true },
  { name: 'glare', glare: true, cardWidth: 1000, accept: true },
  { name: 'JPEG q40 900px', jpegQuality: 40, cardWidth: 900, accept: true },
  { name: '±8° + q40 + 900px + blur σ0.8', rotation: -8, jpegQuality: 40, cardWidth: 900, blur: 0.8, accept: true },
  { name: 'upside down (180°)', rotation: 180, cardWidth: 1000, accept: true },
  { name: 'quarter turn (90°)', rotation: 90, cardWidth: 1000, accept: true },
  { name: 'rotated +10°', rotation: 10, cardWidth: 1000, accept: false },
  { name: 'rotated -10° + perspective 8%', rotation: -10, perspective: 0.08, cardWidth: 1000, accept: false },
  { name: 'small: card 700px q60', cardWidth: 700, jpegQuality: 60, accept: false },
];

interface Row {
  variant: string;
  inAcceptance: boolean;
  cards: number;
  read: number;
  readRate: number;
  p50Ms: number;
  p95Ms: number;
}

async function main(): Promise<void> {
  sharp.concurrency(1);
  await prepareZxingReaderForBench();
  const people = syntheticPeople(cards, 2026);
  const rows: Row[] = [];
  const acceptedLatencies: number[] = [];
  let acceptedRead = 0;
  let acceptedTotal = 0;
  for (const variant of VARIANTS) {
    const latencies: number[] = [];
    let read = 0;
    for (const [index, person] of people.entries()) {
      const layout = index % 2 === 0 ? 'card' : 'legacy';
      const card = await renderDniFront(person, { layout, portrait: samplePhoto(((index % 6) + 1) as 1 | 2 | 3 | 4 | 5 | 6) });
      const photo = await photographCard(card, variant);
      const started = performance.now();
      const result = await readDniBarcode(photo);
      latencies.push(performance.now() - started);
      const expected = parseDniBarcode(barcodeTextFor(person, layout));
      const parsed = result ? parseDniBarcode(result.text) : null;
      if (parsed?.valid && expected.valid && JSON.stringify(parsed.data) === JSON.stringify(expected.data)) read++;
    }
    rows.push({
      variant: variant.name,
      inAcceptance: variant.accept,
      cards: people.length,
      read,
      readRate: round((100 * read) / people.length, 1),
      p50Ms: round(percentile(latencies, 50), 0),
      p95Ms: round(percentile(latencies, 95), 0),
    });
    if (variant.accept) {
      acceptedRead += read;
      acceptedTotal += people.length;
      acceptedLatencies.push(...latencies);
    }
    log(`${variant.name}: ${read}/${people.length}`);
  }
  const summary = {
    acceptanceReadRate: round((100 * acceptedRead) / acceptedTotal, 1),
    acceptanceP50Ms: round(percentile(acceptedLatencies, 50), 0),
    acceptanceP95Ms: round(percentile(acceptedLatencies, 95), 0),
  };
  if (asJson) {
    console.log(JSON.stringify({ cards: people.length, rows, summary }, null, 2));
    return;
  }
  console.log(
    markdownTable(
      ['variant', 'in acceptance', 'read', 'read rate %', 'p50 ms', 'p95 ms'],
      rows.map((row) => [row.variant, row.inAcceptance ? 'yes' : 'no', `${row.read}/${row.cards}`, row.readRate, row.p50Ms, row.p95Ms]),
    ),
  );
  console.log(
    `\nacceptance envelope: ${summary.acceptanceReadRate} % read, p50 ${summary.acceptanceP50Ms} ms, p95 ${summary.acceptanceP95Ms} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
