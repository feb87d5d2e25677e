import type { Point } from '../face.types';

/** iBUG 68-point indices (0-based) the pose estimate reads. */
const JAW_IMAGE_LEFT = 0;
const JAW_IMAGE_RIGHT = 16;
const NOSE_TIP = 30;
const EYE_IMAGE_LEFT = [36, 37, 38, 39, 40, 41];
const EYE_IMAGE_RIGHT = [42, 43, 44, 45, 46, 47];

/**
 * A coarse head pose from the 68 landmarks, good enough to tell "turned left" from "looking
 * straight" from "turned right" and "closer" from "farther" between frames of one capture; not a
 * calibrated angle.
 */
export interface HeadPose {
  /**
   * Where the nose tip sits between the two jaw ends: (nose − jaw midpoint) / half the jaw width,
   * −1..1. About 0 looking straight at the camera; positive when the nose points towards the
   * image's right, which in an unmirrored selfie frame is the person's own left. Roughly 0.25 at
   * 20° of yaw and 0.45 at 35° on the project's photos (see head-pose.spec.ts and docs/sessions.md).
   */
  yaw: number;
  /** Tilt of the line between the eye centres, in degrees (positive: the image-right eye is lower). */
  roll: number;
  /** Jaw width (landmarks 0–16) over the image width: grows when the face comes closer. */
  scale: number;
}

/**
 * `points68` are [x0, y0, x1, y1, ...] in any coordinates proportional to the original image's
 * (a working copy's); `imageWidthInSameUnits` is the original width expressed in those units.
 */
export function estimateHeadPose(points68: ArrayLike<number>, imageWidthInSameUnits: number): HeadPose {
  if (points68.length !== 136) throw new Error(`expected 68 landmarks (136 values), got ${points68.length}`);
  const at = (index: number): Point => [points68[index * 2], points68[index * 2 + 1]];
  const [leftJaw, rightJaw, nose] = [at(JAW_IMAGE_LEFT), at(JAW_IMAGE_RIGHT), at(NOSE_TIP)];
  const jawWidth = Math.hypot(rightJaw[0] - leftJaw[0], rightJaw[1] - leftJaw[1]);
  const midX = (leftJaw[0] + rightJaw[0]) / 2;
  const yaw = jawWidth > 0 ? clamp((nose[0] - midX) / (jawWidth / 2), -1, 1) : 0;
  const [leftEye, rightEye] = [mean(EYE_IMAGE_LEFT.map(at)), mean(EYE_IMAGE_RIGHT.map(at))];
  const roll = (Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]) * 180) / Math.PI;
  const scale = imageWidthInSameUnits > 0 ? jawWidth / imageWidthInSameUnits : 0;
  return { yaw: round(yaw, 3), roll: round(roll, 1), scale: round(scale, 4) };
}

function mean(points: Point[]): Point {
  const sum = points.reduce<Point>((acc, [x, y]) => [acc[0] + x, acc[1] + y], [0, 0]);
  return [sum[0] / points.length, sum[1] / points.length];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
