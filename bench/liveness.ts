/**
 * `npm run bench:liveness [-- --seed 1 --limit 0 --json]`
 *
 * Passive liveness (fr_liveness) measured the ISO/IEC 30107-3 way:
 * - BPCER on genuine photos: the install's test photos and ../shared/faces/deepface;
 * - APCER per attack type on the synthetic attacks bench/liveness/attacks.ts makes from the same
 *   photos (seeded: the same `--seed` gives the same images), screen replays rendered by Debian's
 *   Chromium;
 * - BPCER when APCER = 5 % (every type at most 5 %), and the latency per selfie (p50 of the whole
 *   analysis with liveness, and of the liveness model's own share).
 * `--limit N` uses the first N photos (a quick look); 0 = all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { DEFAULT_LIVENESS_THRESHOLDS, judgeLiveness } from '@app/face';
import {
  ATTACK_TYPES,
  AttackType,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  idPortrait,
  printAttack,
  screenReplay,
  seededRandom,
  seedFor,
} from './liveness/attacks';
import { apcer, bpcer, bpcerAtApcer } from './liveness/iso-metrics';
import { benchFlags } from './lib/flags';
import { log, root } from './lib/services';
import { photoEngine } from './lib/setup';
import { markdownTable, percentile, round } from './lib/stats';

const { seed, limit, json: asJson } = benchFlags({ script: 'bench:liveness', options: { seed: 1, limit: 0 }, switches: ['json'] });
const DEEPFACE = join(root, '../shared/faces/deepface/images');
const SAMPLES = join(root, 'test/fixtures/photos');

interface Scored {
  name: string;
  score: number | null;
}

async function main(): Promise<void> {
  const engine = photoEngine(1);
  await engine.start();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const files = [
    ...readdirSync(DEEPFACE)
      .filter((f) => f.endsWith('.jpg'))
      .sort()
      .map((f) => join(DEEPFACE, f)),
    ...readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.jpg'))
      .sort()
      .map((f) => join(SAMPLES, f)),
  ].slice(0, limit > 0 ? limit : undefined);

  const genuine: Scored[] = [];
  const attacks: Record<AttackType, Scored[]> = { 'screen-replay': [], print: [], 'id-portrait': [] };
  const totalMs: number[] = [];
  const livenessMs: number[] = [];
  for (const file of files) {
    const name = file.split('/').pop() as string;
    const bytes = readFileSync(file);
    const started = performance.now();
    const analysis = await engine.analyze(bytes, { liveness: true });
    totalMs.push(performance.now() - started);
    if (analysis.timings.livenessMs !== undefined) livenessMs.push(analysis.timings.livenessMs);
    genuine.push({ name, score: analysis.primary?.liveness?.score ?? null });
    if (!analysis.primary) continue;
    const makers: Record<AttackType, () => Promise<Buffer>> = {
      'screen-replay': () => screenReplay(bytes, seededRandom(seedFor(seed, name, 'screen-replay')), browser),
      print: () => printAttack(bytes, seededRandom(seedFor(seed, name, 'print'))),
      'id-portrait': () => idPortrait(bytes, analysis.primary!.box, seededRandom(seedFor(seed, name, 'id-portrait'))),
    };
    for (const type of ATTACK_TYPES) {
      const attack = await makers[type]();
      const scored = await engine.analyze(attack, { liveness: true });
      attacks[type].push({ name, score: scored.primary?.liveness?.score ?? null });
    }
    log(
      `${name}: genuine ${genuine[genuine.length - 1].score} | ${ATTACK_TYPES.map((t) => `${t} ${attacks[t][attacks[t].length - 1].score}`).join(' | ')}`,
    );
  }
  await browser.close();
  await engine.close();

  const { threshold, attackBelow } = DEFAULT_LIVENESS_THRESHOLDS;
  const scores = (list: Scored[]) => list.map((s) => s.score);
  const at5 = bpcerAtApcer(
    scores(genuine),
    ATTACK_TYPES.map((t) => scores(attacks[t])),
    0.05,
  );
  const verdicts = (list: Scored[]) => {
    const counts = { live: 0, uncertain: 0, attack: 0, noFace: 0 };
    for (const s of list) {
      if (s.score === null) counts.noFace++;
      else counts[judgeLiveness(s.score, DEFAULT_LIVENESS_THRESHOLDS)]++;
    }
    return counts;
  };
  const rows = [
    { set: 'genuine (bona fide)', n: genuine.length, rate: 'BPCER', value: bpcer(scores(genuine), threshold), verdicts: verdicts(genuine) },
    ...ATTACK_TYPES.map((t) => ({
      set: `attack: ${t}`,
      n: attacks[t].length,
      rate: 'APCER',
      value: apcer(scores(attacks[t]), threshold),
      verdicts: verdicts(attacks[t]),
    })),
  ];
  const result = {
    seed,
    photos: files.length,
    thresholds: { threshold, attackBelow },
    rows: rows.map((r) => ({ ...r, value: round(r.value * 100, 1) })),
    bpcerAtApcer5: { threshold: round(at5.threshold, 2), bpcer: round(at5.bpcer * 100, 1) },
    latencyMs: { analysisP50: round(percentile(totalMs, 50), 1), livenessP50: round(percentile(livenessMs, 50), 2) },
    genuineBelowThreshold: genuine.filter((g) => g.score === null || g.score < threshold).map((g) => `${g.name} ${g.score}`),
  };
  if (asJson) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `Passive liveness, seed ${seed}, ${files.length} genuine photos; live at score >= ${threshold}, attack below ${attackBelow}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['set', 'n', 'rate at the default threshold', 'live', 'uncertain', 'attack', 'no face'],
      result.rows.map((r) => [
        r.set,
        r.n,
        `${r.rate} ${r.value} %`,
        r.verdicts.live,
        r.verdicts.uncertain,
        r.verdicts.attack,
        r.verdicts.noFace,
      ]),
    )}\n\n`,
  );
  process.stdout.write(
    `BPCER at APCER = 5 % (every attack type): ${result.bpcerAtApcer5.bpcer} % (threshold ${result.bpcerAtApcer5.threshold})\n`,
  );
  process.stdout.write(
    `Latency per selfie (p50): whole analysis with liveness ${result.latencyMs.analysisP50} ms, of which the liveness model ${result.latencyMs.livenessP50} ms\n`,
  );
  process.stdout.write(`Genuine photos below the threshold: ${result.genuineBelowThreshold.join(', ') || 'none'}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
