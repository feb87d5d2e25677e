import type { Candidate } from '../detect/detections';
import type { ImageHeader, Region } from '../image/decode-image';
import type { ImageView } from '../image/image-view';

export interface RefinementSettings {
  /** Longest side of the overview the detector runs on (bounded by maxSide). */
  overviewSide: number;
  /** A primary face whose shorter box side is below this many overview pixels gets a sharper decode. */
  refineBelowFacePx: number;
  /** The face size (shorter box side, px) the sharper decode aims for. */
  refineTargetFacePx: number;
}

/** How far around the face box the sharper decode reaches, in box sizes: room for any rotation of the crop. */
const REGION_BOX_MULTIPLE = 3;

/**
 * When the primary face is too small in the overview for a good 112 px crop and the original has
 * more resolution, returns the decode that gives it `refineTargetFacePx` pixels (never beyond
 * `maxSide` for the whole image, never enlarged): only a region around the face, to save time and
 * memory. Returns null when the overview is already as good as it gets.
 */
export function refinementFor(
  face: Candidate,
  overview: ImageView,
  header: ImageHeader,
  maxSide: number,
  settings: RefinementSettings,
): { longestSide: number; region: Region } | null {
  const faceInOverview = Math.min((face.x2 - face.x1) / overview.scaleX, (face.y2 - face.y1) / overview.scaleY);
  if (faceInOverview >= settings.refineBelowFacePx) return null;
  const overviewLongest = Math.max(overview.width, overview.height);
  const originalLongest = Math.max(header.width, header.height);
  const wanted = Math.ceil((overviewLongest * settings.refineTargetFacePx) / Math.max(1, faceInOverview));
  const longestSide = Math.min(maxSide, originalLongest, wanted);
  // Less than 25% more resolution is not worth a second decode.
  if (longestSide < overviewLongest * 1.25) return null;

  const side = Math.max(face.x2 - face.x1, face.y2 - face.y1) * REGION_BOX_MULTIPLE;
  const centreX = (face.x1 + face.x2) / 2;
  const centreY = (face.y1 + face.y2) / 2;
  const left = Math.max(0, centreX - side / 2);
  const top = Math.max(0, centreY - side / 2);
  const region = {
    left,
    top,
    width: Math.min(header.width, centreX + side / 2) - left,
    height: Math.min(header.height, centreY + side / 2) - top,
  };
  return { longestSide, region };
}
