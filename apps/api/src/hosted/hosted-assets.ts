import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface HostedAsset {
  body: Buffer;
  contentType: string;
}

export interface HostedAssets {
  /** index.html, served at /kyc/session/:token. */
  page: HostedAsset;
  /** The files served at /kyc/hosted/<name>, by name. */
  files: ReadonlyMap<string, HostedAsset>;
}

const PAGE = 'index.html';
/** The scripts in index.html's load order (words, toolkit, selfie step, flow), then the styles. Nothing else is served. */
export const HOSTED_FILES = ['strings.js', 'shared.js', 'selfie.js', 'app.js', 'app.css'] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The page's files, read once at start-up. They sit beside this module in the sources; a
 * compiled build without them (nest-cli.json `assets` not copying them) falls back to the sources
 * under the working directory.
 */
export function loadHostedAssets(): HostedAssets {
  const candidates = [join(__dirname, 'assets'), join(process.cwd(), 'apps', 'api', 'src', 'hosted', 'assets')];
  const dir = candidates.find((candidate) => existsSync(join(candidate, PAGE)));
  if (!dir) throw new Error(`The hosted page's files were not found (looked in ${candidates.join(', ')})`);
  const load = (file: string): HostedAsset => ({ body: readFileSync(join(dir, file)), contentType: CONTENT_TYPES[extname(file)] });
  return { page: load(PAGE), files: new Map(HOSTED_FILES.map((file) => [file, load(file)])) };
}
