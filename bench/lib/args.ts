import { EMBEDDER_NAMES, type EmbedderName } from '@app/face';

export interface BenchArguments {
  data: string;
  docsim: boolean;
  json: boolean;
  /** Also print score distributions and the weakest genuine pairs. */
  verbose: boolean;
  /** Overrides FACE_EMBEDDERS. */
  embedders: EmbedderName[] | undefined;
  /** Overrides FACE_FLIP_AUGMENT. */
  flip: boolean | undefined;
  /** `--flip-of fr=on,frnet=off`: overrides the measured per-embedder flip choice (experiments). */
  flipOf: Partial<Record<EmbedderName, boolean>>;
  /** Overrides FACE_MAX_SIDE (measuring the resolution / speed trade-off). */
  maxSide: number | undefined;
  /** `--tune key=value` pipeline overrides (experiments). */
  tuning: Record<string, number | string>;
}

export const USAGE =
  'usage: bench/accuracy.ts --data <folder with labels.csv> [--docsim] [--json] [--verbose] [--embedders fr,frnet] ' +
  '[--flip | --no-flip] [--flip-of fr=on,frnet=off] [--max-side N] [--tune key=value]\n' +
  '       bench/calibrate.ts --data <folder with labels.csv> [--embedders fr,frnet] [--tune key=value]';

function embedderNames(list: string): EmbedderName[] {
  return list.split(',').map((item) => {
    const name = item.trim() as EmbedderName;
    if (!EMBEDDER_NAMES.includes(name)) throw new Error(`unknown embedder "${item}" (known: ${EMBEDDER_NAMES.join(', ')})\n${USAGE}`);
    return name;
  });
}

function flipChoices(list: string): Partial<Record<EmbedderName, boolean>> {
  const choices: Partial<Record<EmbedderName, boolean>> = {};
  for (const item of list.split(',')) {
    const [name, value] = item.split('=');
    if (!['on', 'off'].includes(value)) throw new Error(`--flip-of expects name=on|off\n${USAGE}`);
    choices[embedderNames(name)[0]] = value === 'on';
  }
  return choices;
}

export function parseArguments(argv: readonly string[]): BenchArguments {
  const parsed: BenchArguments = {
    data: '',
    docsim: false,
    json: false,
    verbose: false,
    embedders: undefined,
    flip: undefined,
    flipOf: {},
    maxSide: undefined,
    tuning: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--data') parsed.data = argv[++i] ?? '';
    else if (flag === '--docsim') parsed.docsim = true;
    else if (flag === '--json') parsed.json = true;
    else if (flag === '--verbose') parsed.verbose = true;
    else if (flag === '--embedders') parsed.embedders = embedderNames(argv[++i] ?? '');
    else if (flag === '--no-flip') parsed.flip = false;
    else if (flag === '--flip') parsed.flip = true;
    else if (flag === '--flip-of') parsed.flipOf = flipChoices(argv[++i] ?? '');
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
