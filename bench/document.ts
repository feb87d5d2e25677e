/**
 * `npm run bench:document [-- --cards 20 --runs 3 --json]`
 *
 * Read rate and latency of the DNI barcode reader on synthetic card photos: `--cards` invented
 * people (both layouts alternate), each card composed with sharp around a bwip-js PDF417 and a
 * face from the install's sample photos, then photographed in every variant below (rotation,
 * perspective, blur, glare, JPEG quality, width). The photos are made once; then `--runs` passes
 * read every photo, one at a time, in this process, with libvips on one thread and a libuv pool of
 * one (the npm script sets UV_THREADPOOL_SIZE=1): the latency of one card on one core.
 *
 * Per photo it records the wall time and the CPU time of the whole process (all threads, so the
 * libvips thread and V8's helpers are counted). On a machine shared with other work the wall time
 * includes waiting for a core; the CPU time is what the card costs a core, i.e. its single-core
 * latency on an idle machine. The load average is printed for each run. A card counts as read
 * only when every parsed field equals what was printed.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { parseDniBarcode, prepareZxingReaderForBench, readDniBarcode } from '@app/document';
import { syntheticPeople } from '@app/document/testing';
import { barcodeTextFor, photographCard, renderDniFront, type PhotoVariant } from '../test/support/dni-card';
import { samplePhoto } from '../test/support/faces';
import { benchFlags } from './lib/flags';
import { log } from './lib/services';
import { markdownTable, median, percentile, round } from './lib/stats';

const flags = benchFlags({ script: 'bench:document', options: { cards: 20, runs: 3 }, switches: ['json'] });
const cards = flags.cards;
const runs = Math.max(1, flags.runs);
const asJson = flags.json;

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

interface Photo {
  bytes: Buffer;
  expected: string;
}

/** One read of one photo: wall and CPU ms, where the time went, which attempt read it. */
interface Sample {
  ok: boolean;
  wallMs: number;
  cpuMs: number;
  decodeMs: number;
  regionMs: number;
  readerMs: number;
  attempt: string;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function readOne(photo: Photo): Promise<Sample> {
  const steps = { decode: 0, region: 0, reader: 0 };
  const wall = performance.now();
  const cpu = cpuMs();
  const result = await readDniBarcode(photo.bytes, (step, ms) => {
    if (step === 'decode' || step === 'region') steps[step] += ms;
    else steps.reader += ms;
  });
  const sample = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
  const expected = parseDniBarcode(photo.expected);
  const parsed = result ? parseDniBarcode(result.text) : null;
  const ok = !!parsed?.valid && expected.valid && JSON.stringify(parsed.data) === JSON.stringify(expected.data);
  return { ok, ...sample, decodeMs: steps.decode, regionMs: steps.region, readerMs: steps.reader, attempt: result?.attempt ?? 'none' };
}

async function photograph(): Promise<Photo[][]> {
  const people = syntheticPeople(cards, 2026);
  const photos: Photo[][] = VARIANTS.map(() => []);
  for (const [index, person] of people.entries()) {
    const layout = index % 2 === 0 ? 'card' : 'legacy';
    const card = await renderDniFront(person, { layout, portrait: samplePhoto(((index % 6) + 1) as 1 | 2 | 3 | 4 | 5 | 6) });
    for (const [v, variant] of VARIANTS.entries()) {
      photos[v].push({ bytes: await photographCard(card, variant), expected: barcodeTextFor(person, layout) });
    }
    log(`photographed card ${index + 1}/${people.length}`);
  }
  return photos;
}

/** "crop-deskew-estimated 18, as-is 2": which attempt read the photos of a variant. */
function rungs(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const sample of samples) if (sample.ok) counts.set(sample.attempt, (counts.get(sample.attempt) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

async function main(): Promise<void> {
  sharp.concurrency(1);
  if (process.env.UV_THREADPOOL_SIZE !== '1')
    log('note: UV_THREADPOOL_SIZE is not 1 (run through `npm run bench:document` to measure one core)');
  await prepareZxingReaderForBench();
  const photos = await photograph();
  // samples[run][variant][card]
  const samples: Sample[][][] = [];
  const loads: { start: number; end: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const start = loadavg()[0];
    const perVariant: Sample[][] = [];
    for (const variantPhotos of photos) {
      const done: Sample[] = [];
      for (const photo of variantPhotos) done.push(await readOne(photo));
      perVariant.push(done);
    }
    samples.push(perVariant);
    loads.push({ start: round(start, 1), end: round(loadavg()[0], 1) });
    log(`run ${run + 1}/${runs} done (load average ${loads[run].start} → ${loads[run].end} on ${cpus().length} cores)`);
  }

  /** Per run, the `p`th percentile of what `pick` reads off the photos of variant `v`. */
  const perRun = (v: number, pick: (s: Sample) => number, p: number) => samples.map((run) => percentile(run[v].map(pick), p));
  const rows = VARIANTS.map((variant, v) => {
    const all = samples.flatMap((run) => run[v]);
    const wallP50 = perRun(v, (s) => s.wallMs, 50);
    return {
      variant: variant.name,
      inAcceptance: variant.accept,
      read: Math.min(...samples.map((run) => run[v].filter((s) => s.ok).length)),
      cards: photos[v].length,
      wallP50Median: round(median(wallP50), 0),
      wallP50Best: round(Math.min(...wallP50), 0),
      wallP95Median: round(median(perRun(v, (s) => s.wallMs, 95)), 0),
      cpuP50Median: round(median(perRun(v, (s) => s.cpuMs, 50)), 0),
      cpuP95Median: round(median(perRun(v, (s) => s.cpuMs, 95)), 0),
      decodeMs: round(median(all.map((s) => s.decodeMs)), 0),
      regionMs: round(median(all.map((s) => s.regionMs)), 0),
      readerMs: round(median(all.map((s) => s.readerMs)), 0),
      rungs: rungs(samples[0][v]),
    };
  });
  const accepted = VARIANTS.map((variant, v) => (variant.accept ? v : -1)).filter((v) => v >= 0);
  const envelope = samples.map((run) => accepted.flatMap((v) => run[v]));
  /** Per run, the `p`th percentile (whole ms) of what `pick` reads off the photos inside the acceptance envelope. */
  const envelopePerRun = (pick: (s: Sample) => number, p: number) => envelope.map((run) => round(percentile(run.map(pick), p), 0));
  const summary = {
    acceptanceReadRate: round((100 * Math.min(...envelope.map((run) => run.filter((s) => s.ok).length))) / envelope[0].length, 1),
    acceptanceWallP50PerRun: envelopePerRun((s) => s.wallMs, 50),
    acceptanceCpuP50PerRun: envelopePerRun((s) => s.cpuMs, 50),
    acceptanceCpuP95PerRun: envelopePerRun((s) => s.cpuMs, 95),
    loadAveragePerRun: loads,
    cores: cpus().length,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? 'default (4)',
    node: process.version,
  };
  if (asJson) {
    console.log(JSON.stringify({ cards, runs, rows, summary }, null, 2));
    return;
  }
  console.log(
    markdownTable(
      [
        'variant',
        'in acceptance',
        'read',
        'CPU p50 / p95 ms',
        'wall p50 ms (median / best run)',
        'wall p95 ms',
        'decode / region / reader ms',
        'read by',
      ],
      rows.map((row) => [
        row.variant,
        row.inAcceptance ? 'yes' : 'no',
        `${row.read}/${row.cards}`,
        `${row.cpuP50Median} / ${row.cpuP95Median}`,
        `${row.wallP50Median} / ${row.wallP50Best}`,
        row.wallP95Median,
        `${row.decodeMs} / ${row.regionMs} / ${row.readerMs}`,
        row.rungs,
      ]),
    ),
  );
  console.log(
    `\nacceptance envelope: ${summary.acceptanceReadRate} % read; CPU p50 per run ${summary.acceptanceCpuP50PerRun.join(', ')} ms ` +
      `(p95 ${summary.acceptanceCpuP95PerRun.join(', ')}); wall p50 per run ${summary.acceptanceWallP50PerRun.join(', ')} ms`,
  );
  console.log(
    `conditions: ${runs} runs × ${cards} cards, one photo at a time, sharp concurrency 1, UV_THREADPOOL_SIZE ${summary.uvThreadpoolSize}, ` +
      `node ${summary.node}, ${summary.cores} cores, load average per run ${loads.map((l) => `${l.start}→${l.end}`).join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
