import { FlagError, parseFlags, usageOf } from '../bench/lib/flags';

const FLOOD = {
  script: 'bench:flood',
  options: { n: [50, 200, 500], runs: 1, pairs: ['small', 'phone'] },
  switches: ['json', 'noBuild'],
} as const;

describe('bench flags', () => {
  it('gives the defaults, typed by them, when nothing is passed', () => {
    expect(parseFlags(FLOOD, [])).toEqual({ n: [50, 200, 500], runs: 1, pairs: ['small', 'phone'], json: false, noBuild: false });
  });

  it('reads numbers, lists and switches, with kebab-case flags for camelCase keys', () => {
    const flags = parseFlags(FLOOD, ['--json', '--n', '5,10', '--runs', '3', '--pairs', 'phone', '--no-build']);
    expect(flags).toEqual({ n: [5, 10], runs: 3, pairs: ['phone'], json: true, noBuild: true });
    expect(parseFlags({ script: 'bench:renaper', options: { faceDelayMs: 5000 }, switches: [] }, ['--face-delay-ms', '10'])).toEqual({
      faceDelayMs: 10,
    });
  });

  it('refuses, with the usage, an unknown flag, an option without its value and a number that is not one', () => {
    for (const [argv, why] of [
      [['--run', '3'], 'unknown argument --run'],
      [['--runs'], '--runs needs a value'],
      [['--runs', '--json'], '--runs needs a value'],
      [['--runs', 'three'], '--runs takes numbers, not "three"'],
      [['--n', '50,,500'], '--n takes numbers, not ""'],
    ] as const) {
      expect(() => parseFlags(FLOOD, argv)).toThrow(new FlagError(`${why}\n${usageOf(FLOOD)}`));
    }
  });

  it('prints every flag with its default in the usage', () => {
    expect(usageOf(FLOOD)).toBe('usage: npm run -s bench:flood -- [--n 50,200,500] [--runs 1] [--pairs small,phone] [--json] [--no-build]');
  });
});
