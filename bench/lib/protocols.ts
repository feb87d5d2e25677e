import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { FaceEngine } from '@app/face';
import { allPairs, crossPairs, type LabelledImage, readLabels } from './dataset';
import { degradeLikeIdDocument } from './docsim';
import { type AnalysedPhoto, analysePhotos, type ProtocolPhotos } from './evaluate';

export type ProtocolName = 'all pairs' | 'docsim';

/** The published protocols (/work/shared/faces/README.md), every photo analysed once with one engine. */
export async function measureProtocols(
  engine: FaceEngine,
  data: string,
  protocols: readonly ProtocolName[],
): Promise<{ labels: LabelledImage[]; protocols: ProtocolPhotos[] }> {
  const labels = readLabels(data);
  const names = labels.map((label) => label.image);
  const load = (name: string) => readFile(join(data, name));
  const originals = await analysePhotos(engine, names, load);
  const measured: ProtocolPhotos[] = [];
  if (protocols.includes('all pairs'))
    measured.push({ protocol: 'all pairs', probes: originals, references: originals, pairs: allPairs(labels) });
  if (protocols.includes('docsim')) {
    const degraded: AnalysedPhoto[] = (await analysePhotos(engine, names, async (name) => degradeLikeIdDocument(await load(name)))).map(
      (photo) => ({ ...photo, name: `${photo.name} (docsim)` }),
    );
    measured.push({ protocol: 'docsim', probes: degraded, references: originals, pairs: crossPairs(labels) });
  }
  return { labels, protocols: measured };
}

/**
 * The same protocols measured by two engines (other embedders) as one: each photo's template holds
 * the embeddings of both. Photo lists shared by probes and references stay shared.
 */
export function mergeProtocols(first: readonly ProtocolPhotos[], second: readonly ProtocolPhotos[]): ProtocolPhotos[] {
  const merged = new Map<AnalysedPhoto[], AnalysedPhoto[]>();
  const combine = (a: AnalysedPhoto[], b: AnalysedPhoto[]) => {
    const known = merged.get(a);
    if (known) return known;
    const photos = a.map((photo, i) => {
      const other = b[i];
      if (other.name !== photo.name) throw new Error(`photo lists differ: ${photo.name} vs ${other.name}`);
      return {
        ...photo,
        template: photo.template && other.template ? { embeddings: [...photo.template.embeddings, ...other.template.embeddings] } : null,
        timings: { ...photo.timings, embedders: { ...photo.timings.embedders, ...other.timings.embedders } },
      };
    });
    merged.set(a, photos);
    return photos;
  };
  return first.map((protocol, p) => ({
    ...protocol,
    probes: combine(protocol.probes, second[p].probes),
    references: combine(protocol.references, second[p].references),
  }));
}

/** Where a calibration was measured, for the manifest's `measuredOn`. */
export function describeData(data: string, labels: readonly LabelledImage[], protocols: readonly ProtocolPhotos[]) {
  return {
    data: basename(resolve(data)),
    photos: labels.length,
    identities: new Set(labels.map((label) => label.identity)).size,
    protocols: protocols.map((p) => ({
      protocol: p.protocol,
      same: p.pairs.filter((pair) => pair.same).length,
      different: p.pairs.filter((pair) => !pair.same).length,
      misses: new Set([...p.probes, ...p.references].filter((photo) => photo.template === null)).size,
    })),
  };
}
