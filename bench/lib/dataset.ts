import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledImage {
  /** Path relative to the data folder, as written in labels.csv. */
  image: string;
  identity: string;
}

/** Reads `<folder>/labels.csv` (`image,identity`, header first). */
export function readLabels(folder: string): LabelledImage[] {
  const lines = readFileSync(join(folder, 'labels.csv'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const [header, ...rows] = lines;
  if (header.replace(/\s/g, '').toLowerCase() !== 'image,identity') {
    throw new Error(`${folder}/labels.csv must start with the header "image,identity"`);
  }
  return rows.map((row, index) => {
    const [image, identity] = row.split(',').map((cell) => cell.trim());
    if (!image || !identity) throw new Error(`labels.csv line ${index + 2} is not "image,identity": ${row}`);
    return { image, identity };
  });
}

/** A pair to score: indexes into the probe and reference image lists. */
export interface Pair {
  probe: number;
  reference: number;
  same: boolean;
}

/** Every unordered pair of distinct photos (the "all pairs" protocol). */
export function allPairs(images: readonly LabelledImage[]): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      pairs.push({ probe: i, reference: j, same: images[i].identity === images[j].identity });
    }
  }
  return pairs;
}

/** Every degraded copy against every other original: ordered pairs, i != j (the docsim protocol). */
export function crossPairs(images: readonly LabelledImage[]): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = 0; j < images.length; j++) {
      if (i !== j) pairs.push({ probe: i, reference: j, same: images[i].identity === images[j].identity });
    }
  }
  return pairs;
}
