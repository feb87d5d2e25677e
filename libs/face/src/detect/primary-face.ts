import type { FaceBox } from '../face.types';

/**
 * How much a face loses for sitting away from the centre: its rank is
 * `area * (1 - CENTRALITY_PENALTY * d^2)`, where d is the distance from the box centre to the image
 * centre divided by the half-diagonal (0 at the centre, 1 in a corner). A face in a corner therefore
 * needs 2.5x the area of a centred one to be chosen. This picks the selfie subject over a larger
 * face cut by the frame edge, and the ID portrait over a small "ghost" portrait, while the largest
 * face still wins in ordinary photos.
 */
export const CENTRALITY_PENALTY = 0.6;

export function primaryRank(box: FaceBox, imageWidth: number, imageHeight: number): number {
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  const halfDiagonal = Math.hypot(imageWidth, imageHeight) / 2;
  const distance = Math.min(1, Math.hypot(centreX - imageWidth / 2, centreY - imageHeight / 2) / halfDiagonal);
  return box.width * box.height * (1 - CENTRALITY_PENALTY * distance * distance);
}

/** Orders faces best first by `primaryRank` of `boxOf(face)`; the input is not modified. */
export function orderByPrimaryRank<T>(faces: readonly T[], boxOf: (face: T) => FaceBox, imageWidth: number, imageHeight: number): T[] {
  return faces
    .map((face) => ({ face, rank: primaryRank(boxOf(face), imageWidth, imageHeight) }))
    .sort((a, b) => b.rank - a.rank)
    .map(({ face }) => face);
}
