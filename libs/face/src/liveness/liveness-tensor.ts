/**
 * Interleaved RGB 0..255 to the planar layout fr_liveness.onnx takes: raw 0..255 values (no
 * normalisation), channels in **BGR** order. The model was trained on OpenCV (BGR) images; fed RGB,
 * genuine photos score as attacks (measured: see docs/liveness.md, "The model").
 */
export function toPlanarBgr(pixels: ArrayLike<number>, width: number, height: number): Float32Array {
  const planeSize = width * height;
  if (pixels.length !== planeSize * 3) throw new Error(`expected ${planeSize * 3} values, got ${pixels.length}`);
  const planar = new Float32Array(planeSize * 3);
  for (let i = 0; i < planeSize; i++) {
    const source = i * 3;
    planar[i] = pixels[source + 2];
    planar[planeSize + i] = pixels[source + 1];
    planar[2 * planeSize + i] = pixels[source];
  }
  return planar;
}

/** Numerically stable softmax of the model's logits. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i] - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}
