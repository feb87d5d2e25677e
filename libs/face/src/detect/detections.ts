/** A candidate face in some pixel space, corner form. */
export interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

/**
 * Reads the detector's outputs. The RFB-320 export in the faceplugin package already applies the
 * prior-box decoding inside the graph: `boxes` holds corner-form [x1, y1, x2, y2] normalised to the
 * 320x240 input (0..1, slightly beyond at the borders), and `scores` holds softmaxed
 * [background, face] pairs. (detections.spec.ts proves it: each box sits on its own prior.)
 */
export function readCandidates(scores: Float32Array, boxes: Float32Array, threshold: number): Candidate[] {
  const count = scores.length / 2;
  const candidates: Candidate[] = [];
  for (let i = 0; i < count; i++) {
    const score = scores[i * 2 + 1];
    if (score < threshold) continue;
    const x1 = boxes[i * 4];
    const y1 = boxes[i * 4 + 1];
    const x2 = boxes[i * 4 + 2];
    const y2 = boxes[i * 4 + 3];
    if (x2 > x1 && y2 > y1) candidates.push({ x1, y1, x2, y2, score });
  }
  return candidates;
}

export function intersectionOverUnion(a: Candidate, b: Candidate): number {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * Greedy non-maximum suppression: keep the most confident box, drop every box overlapping it by
 * more than `iouThreshold`, repeat. Returns the kept boxes, most confident first.
 */
export function nonMaximumSuppression(candidates: readonly Candidate[], iouThreshold: number, maxCandidates = 750): Candidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score).slice(0, maxCandidates);
  const kept: Candidate[] = [];
  const suppressed = new Uint8Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    if (suppressed[i]) continue;
    kept.push(sorted[i]);
    for (let j = i + 1; j < sorted.length; j++) {
      if (!suppressed[j] && intersectionOverUnion(sorted[i], sorted[j]) > iouThreshold) suppressed[j] = 1;
    }
  }
  return kept;
}
