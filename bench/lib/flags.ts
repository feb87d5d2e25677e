/**
 * The command line of a bench: `--name value` options, each with its default (whose type says how
 * the value is read: a number, a string, or a comma-separated list of either), `--name` switches,
 * and `--help`. Keys are camelCase and their flags kebab-case (`faceDelayMs` is `--face-delay-ms`).
 * An unknown argument, an option without its value or a number that is not one is refused with the
 * usage, so a mistyped flag cannot quietly run the bench with its defaults. (bench:accuracy and
 * calibrate have their own parser, lib/args.ts: their flags carry embedder names and tuning pairs.)
 */
type Default = number | string | readonly number[] | readonly string[];

type Read<D extends Default> = D extends number ? number : D extends string ? string : D extends readonly number[] ? number[] : string[];

export type Flags<O extends Record<string, Default>, S extends string> = { [K in keyof O]: Read<O[K]> } & Record<S, boolean>;

export interface FlagSpec<O extends Record<string, Default>, S extends string> {
  /** The npm script, for the usage line (`bench:flood`). */
  script: string;
  options: O;
  switches: readonly S[];
}

/** A command line the bench cannot run with; its message ends with the usage. */
export class FlagError extends Error {}

export function usageOf(spec: FlagSpec<Record<string, Default>, string>): string {
  const options = Object.entries(spec.options).map(([key, value]) => `[--${kebab(key)} ${String(value)}]`);
  const switches = spec.switches.map((key) => `[--${kebab(key)}]`);
  return `usage: npm run -s ${spec.script} -- ${[...options, ...switches].join(' ')}`;
}

/** Reads `argv` (the arguments after the script) against the spec; throws FlagError when it cannot. */
export function parseFlags<const O extends Record<string, Default>, const S extends string>(
  spec: FlagSpec<O, S>,
  argv: readonly string[],
): Flags<O, S> {
  const refuse = (why: string): never => {
    throw new FlagError(`${why}\n${usageOf(spec)}`);
  };
  const byFlag = new Map<string, string>([...Object.keys(spec.options), ...spec.switches].map((key) => [`--${kebab(key)}`, key]));
  const parsed: Record<string, unknown> = { ...spec.options };
  for (const key of spec.switches) parsed[key] = false;
  for (let i = 0; i < argv.length; i++) {
    const key = byFlag.get(argv[i]) ?? refuse(`unknown argument ${argv[i]}`);
    if (!(key in spec.options)) {
      parsed[key] = true;
      continue;
    }
    const text = argv[++i];
    if (text === undefined || text === '' || text.startsWith('--')) refuse(`${argv[i - 1]} needs a value`);
    parsed[key] = read(spec.options[key], text, argv[i - 1], refuse);
  }
  return parsed as Flags<O, S>;
}

/**
 * The bench's flags from process.argv: `--help` prints the usage and exits 0; a command line it
 * cannot run with prints why and the usage, and exits 2, before the bench starts anything.
 */
export function benchFlags<const O extends Record<string, Default>, const S extends string>(spec: FlagSpec<O, S>): Flags<O, S> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usageOf(spec)}\n`);
    process.exit(0);
  }
  try {
    return parseFlags(spec, argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

function read(fallback: Default, text: string, flag: string, refuse: (why: string) => never): Read<Default> {
  const number = (item: string) =>
    item.trim() !== '' && Number.isFinite(Number(item)) ? Number(item) : refuse(`${flag} takes numbers, not "${item}"`);
  if (typeof fallback === 'number') return number(text);
  if (typeof fallback === 'string') return text;
  const items = text.split(',');
  return typeof fallback[0] === 'number' ? items.map(number) : items;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
