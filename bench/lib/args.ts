export interface BenchArguments {
  data: string;
  docsim: boolean;
  json: boolean;
  calibrate: boolean;
  /** Also print score distributions and the weakest genuine pairs. */
  verbose: boolean;
  flip: boolean | undefined;
  /** Overrides FACE_MAX_SIDE (measuring the resolution / speed trade-off). */
  maxSide: number | undefined;
  /** `--tune key=value` pipeline overrides (experiments). */
  tuning: Record<string, number | string>;
}

export const USAGE =
  'usage: bench/accuracy.ts --data <folder with labels.csv> [--docsim] [--json] [--calibrate] [--verbose] [--no-flip] [--max-side N] [--tune key=value]';

export function parseArguments(argv: readonly string[]): BenchArguments {
  const parsed: BenchArguments = { data: '', docsim: false, json: false, calibrate: false, verbose: false, flip: undefined, maxSide: undefined, tuning: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--data') parsed.data = argv[++i] ?? '';
    else if (flag === '--docsim') parsed.docsim = true;
    else if (flag === '--json') parsed.json = true;
    else if (flag === '--calibrate') parsed.calibrate = true;
    else if (flag === '--verbose') parsed.verbose = true;
    else if (flag === '--no-flip') parsed.flip = false;
    else if (flag === '--flip') parsed.flip = true;
    else if (flag === '--max-side') parsed.maxSide = Number(argv[++i]);
    else if (flag === '--tune') {
      const [key, value] = (argv[++i] ?? '').split('=');
      if (!key || value === undefined) throw new Error(`--tune expects key=value\n${USAGE}`);
      parsed.tuning[key] = Number.isNaN(Number(value)) ? value : Number(value);
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  if (!parsed.data) throw new Error(`--data is required\n${USAGE}`);
  return parsed;
}
