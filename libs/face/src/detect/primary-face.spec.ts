import type { FaceBox } from '../face.types';
import { orderByPrimaryRank, primaryRank } from './primary-face';

const W = 1000;
const H = 800;
/** A square face of `side` px centred at (cx, cy). */
const face = (cx: number, cy: number, side: number): { box: FaceBox } => ({
  box: { x: cx - side / 2, y: cy - side / 2, width: side, height: side },
});

describe('primary face rank', () => {
  it('is the plain area for a centred face and shrinks towards the corners', () => {
    expect(primaryRank(face(500, 400, 100).box, W, H)).toBeCloseTo(10_000, 6);
    expect(primaryRank(face(900, 700, 100).box, W, H)).toBeLessThan(primaryRank(face(600, 450, 100).box, W, H));
  });

  it('prefers a centred face over a somewhat larger one at the edge', () => {
    const centred = face(500, 400, 200);
    const atTheEdge = face(880, 700, 230);
    expect(orderByPrimaryRank([atTheEdge, centred], (f) => f.box, W, H)).toEqual([centred, atTheEdge]);
  });

  it('still prefers a much larger face anywhere', () => {
    const small = face(500, 400, 80);
    const large = face(800, 600, 300);
    expect(orderByPrimaryRank([small, large], (f) => f.box, W, H)[0]).toBe(large);
  });

  it('keeps every face and does not modify the input', () => {
    const faces = [face(100, 100, 50), face(500, 400, 60), face(900, 100, 40)];
    const copy = [...faces];
    const ordered = orderByPrimaryRank(faces, (f) => f.box, W, H);
    expect(faces).toEqual(copy);
    expect(ordered).toHaveLength(3);
    expect(ordered[0]).toBe(faces[1]);
  });
});
