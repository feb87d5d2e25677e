import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * The folder holding the monorepo's package.json, found by walking up from this file: the same
 * answer from the TypeScript sources (Jest) and from dist/apps/renaper-sandbox/apps/renaper-sandbox/src.
 */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Relative paths in settings are relative to the repository root, not to the working directory. */
export function fromRepoRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot(), path);
}
