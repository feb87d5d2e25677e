import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HostedAsset {
  body: Buffer;
  contentType: string;
}

const FILES = {
  page: { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  // The scripts, in index.html's load order: words, toolkit, selfie step, flow.
  strings: { file: 'strings.js', contentType: 'text/javascript; charset=utf-8' },
  shared: { file: 'shared.js', contentType: 'text/javascript; charset=utf-8' },
  selfie: { file: 'selfie.js', contentType: 'text/javascript; charset=utf-8' },
  script: { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  styles: { file: 'app.css', contentType: 'text/css; charset=utf-8' },
} as const;

export type HostedAssetName = keyof typeof FILES;

/**
 * The page's files, read once at start-up. They sit beside this module in the sources; a
 * compiled build without them (nest-cli.json `assets` not copying them) falls back to the sources
 * under the working directory.
 */
export function loadHostedAssets(): Record<HostedAssetName, HostedAsset> {
  const candidates = [join(__dirname, 'assets'), join(process.cwd(), 'apps', 'api', 'src', 'hosted', 'assets')];
  const dir = candidates.find((candidate) => existsSync(join(candidate, FILES.page.file)));
  if (!dir) throw new Error(`The hosted page's files were not found (looked in ${candidates.join(', ')})`);
  const load = (name: HostedAssetName): HostedAsset => ({
    body: readFileSync(join(dir, FILES[name].file)),
    contentType: FILES[name].contentType,
  });
  return {
    page: load('page'),
    strings: load('strings'),
    shared: load('shared'),
    selfie: load('selfie'),
    script: load('script'),
    styles: load('styles'),
  };
}
