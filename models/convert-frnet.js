// Converts face-api's FaceRecognitionNet (a tfjs weights manifest + one uint8-quantised shard) into
// an ONNX graph, so the service runs it with onnxruntime like its other models. Written from the
// architecture in @vladmandic/face-api/src/faceRecognitionNet/*: a dlib-style ResNet on a 150x150
// RGB crop, 128-d output. Plain CommonJS, only `onnx-proto` (a production dependency): fetch.js runs
// it at install time, before anything is compiled.
//
// The graph reproduces face-api's forward pass operation for operation (conv + bias, per-channel
// scale, ReLU, the zero-padded shortcut of the down-sampling blocks) and takes the crop as face-api
// does, NHWC RGB 0..255; the mean subtraction and the /255 are inside the graph. The output is
// face-api's raw descriptor (not normalised). Deterministic: the same inputs give the same bytes.
'use strict';
const fs = require('node:fs');
const { onnx } = require('onnx-proto');

const INPUT_SIDE = 150;
const MEAN_RGB = [122.782, 117.001, 104.298];
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const { INT, INTS } = onnx.AttributeProto.AttributeType;

/**
 * Decodes a tfjs weights manifest and its shard(s) into name -> { shape, values }. uint8-quantised
 * weights are expanded as tfjs does (`q * scale + min`, computed in double, stored as float32).
 */
function readTfjsWeights(manifest, shards) {
  const bytes = Buffer.concat(shards);
  const weights = new Map();
  let offset = 0;
  for (const spec of manifest.flatMap((group) => group.weights)) {
    const count = spec.shape.reduce((n, d) => n * d, 1);
    const values = new Float32Array(count);
    const q = spec.quantization;
    if (spec.dtype !== 'float32') throw new Error(`${spec.name}: dtype ${spec.dtype} is not supported`);
    if (q && q.dtype === 'uint8') {
      for (let i = 0; i < count; i++) values[i] = bytes[offset + i] * q.scale + q.min;
      offset += count;
    } else if (!q) {
      for (let i = 0; i < count; i++) values[i] = bytes.readFloatLE(offset + i * 4);
      offset += count * 4;
    } else {
      throw new Error(`${spec.name}: quantisation ${q.dtype} is not supported`);
    }
    weights.set(spec.name, { shape: spec.shape, values });
  }
  if (offset !== bytes.length) throw new Error(`weights use ${offset} bytes of ${bytes.length}`);
  return weights;
}

/** tfjs conv filters are [kh, kw, in, out]; ONNX wants [out, in, kh, kw]. */
function toOihw({ shape: [kh, kw, cin, cout], values }) {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = values[((y * kw + x) * cin + i) * cout + o];
      }
    }
  }
  return { dims: [cout, cin, kh, kw], values: out };
}

/** Collects nodes and initializers with generated, stable names. */
class GraphBuilder {
  constructor() {
    this.nodes = [];
    this.initializers = [];
    this.counter = 0;
  }

  constant(name, dims, values) {
    const isInt = values instanceof BigInt64Array;
    this.initializers.push({
      name,
      dims,
      dataType: isInt ? INT64 : FLOAT,
      rawData: Buffer.from(values.buffer, values.byteOffset, values.byteLength),
    });
    return name;
  }

  node(opType, inputs, attributes = {}, name = `${opType.toLowerCase()}_${++this.counter}`) {
    const attribute = Object.entries(attributes).map(([key, value]) =>
      Array.isArray(value) ? { name: key, type: INTS, ints: value } : { name: key, type: INT, i: value },
    );
    this.nodes.push({ opType, input: inputs, output: [name], name, attribute });
    return name;
  }
}

/** Spatial size after a 'valid' window of `kernel` at `stride`. */
const validSize = (size, kernel, stride) => Math.floor((size - kernel) / stride) + 1;

/**
 * face-api's convLayer: conv2d (+ bias), then the scale layer (x * weights + biases), then ReLU
 * unless `relu` is false. 'same' padding only occurs with 3x3 at stride 1 (one pixel each side).
 */
function convLayer(g, weights, prefix, x, { stride, padding, relu }) {
  const filters = toOihw(weights.get(`${prefix}/conv/filters`));
  const channels = filters.dims[0];
  const half = (filters.dims[2] - 1) / 2;
  const vector = (suffix, dims) => g.constant(`${prefix}/${suffix}`, dims, weights.get(`${prefix}/${suffix}`).values);
  const kernel = g.constant(`${prefix}/conv/filters`, filters.dims, filters.values);
  let out = g.node('Conv', [x, kernel, vector('conv/bias', [channels])], {
    kernel_shape: filters.dims.slice(2),
    strides: [stride, stride],
    pads: padding === 'same' ? [half, half, half, half] : [0, 0, 0, 0],
  });
  out = g.node('Mul', [out, vector('scale/weights', [1, channels, 1, 1])]);
  out = g.node('Add', [out, vector('scale/biases', [1, channels, 1, 1])]);
  return relu ? g.node('Relu', [out]) : out;
}

/** Zero padding at the end of each axis of an NCHW tensor, as face-api's concat with zeros does. */
function padEnd(g, x, [n, c, h, w]) {
  const pads = g.constant(`pads_${++g.counter}`, [8], BigInt64Array.from([0, 0, 0, 0, n, c, h, w].map(BigInt)));
  return g.node('Pad', [x, pads]);
}

function residual(g, weights, prefix, x) {
  let out = convLayer(g, weights, `${prefix}/conv1`, x, { stride: 1, padding: 'same', relu: true });
  out = convLayer(g, weights, `${prefix}/conv2`, out, { stride: 1, padding: 'same', relu: false });
  return g.node('Relu', [g.node('Add', [out, x])]);
}

/**
 * face-api's residualDown: the main path halves the size with a 3x3 'valid' conv; the shortcut is a
 * 2x2 average pool, zero-padded to the doubled channel count. When the two sizes differ (odd
 * inputs) the main path gets one zero row and column at the end.
 */
function residualDown(g, weights, prefix, x, shape) {
  const { channels, size } = shape;
  const outChannels = weights.get(`${prefix}/conv1/conv/filters`).shape[3];
  let out = convLayer(g, weights, `${prefix}/conv1`, x, { stride: 2, padding: 'valid', relu: true });
  out = convLayer(g, weights, `${prefix}/conv2`, out, { stride: 1, padding: 'same', relu: false });
  const convSize = validSize(size, 3, 2);
  const poolSize = validSize(size, 2, 2);
  if (convSize !== poolSize) {
    if (poolSize !== convSize + 1) throw new Error(`${prefix}: unexpected sizes ${convSize} / ${poolSize}`);
    out = padEnd(g, out, [0, 0, 1, 1]);
  }
  let pooled = g.node('AveragePool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
  if (outChannels !== channels) pooled = padEnd(g, pooled, [0, outChannels - channels, 0, 0]);
  const sum = g.node('Relu', [g.node('Add', [pooled, out])]);
  return { output: sum, shape: { channels: outChannels, size: poolSize } };
}

/** Builds the ONNX model (input `pixels` [1,150,150,3] RGB 0..255, output `descriptor` [1,128]). */
function buildModel(weights) {
  const g = new GraphBuilder();
  let x = g.node('Sub', ['pixels', g.constant('mean_rgb', [1, 1, 1, 3], Float32Array.from(MEAN_RGB))]);
  x = g.node('Div', [x, g.constant('scale_255', [], Float32Array.of(255))]);
  x = g.node('Transpose', [x], { perm: [0, 3, 1, 2] });
  x = convLayer(g, weights, 'conv32_down', x, { stride: 2, padding: 'valid', relu: true });
  x = g.node('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2] });
  let shape = { channels: 32, size: validSize(validSize(INPUT_SIDE, 7, 2), 3, 2) };

  const stages = [
    ['conv32_1', 'conv32_2', 'conv32_3'],
    ['conv64_down', 'conv64_1', 'conv64_2', 'conv64_3'],
    ['conv128_down', 'conv128_1', 'conv128_2'],
    ['conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out'],
  ];
  for (const prefix of stages.flat()) {
    if (prefix.includes('down')) ({ output: x, shape } = residualDown(g, weights, prefix, x, shape));
    else x = residual(g, weights, prefix, x);
  }

  x = g.node('Flatten', [g.node('GlobalAveragePool', [x])]);
  const fc = weights.get('fc');
  g.node('MatMul', [x, g.constant('fc', fc.shape, fc.values)], {}, 'descriptor');

  const tensorType = (dims) => ({ tensorType: { elemType: FLOAT, shape: { dim: dims.map((dimValue) => ({ dimValue })) } } });
  return onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'kyc-biometrics models/convert-frnet.js',
    docString: 'face-api FaceRecognitionNet (MIT, @vladmandic/face-api 1.7.15) converted to ONNX',
    graph: {
      name: 'face_recognition_net',
      node: g.nodes,
      initializer: g.initializers,
      input: [{ name: 'pixels', type: tensorType([1, INPUT_SIDE, INPUT_SIDE, 3]) }],
      output: [{ name: 'descriptor', type: tensorType([1, 128]) }],
    },
  });
}

/** Reads the tfjs files and returns the ONNX model bytes. */
function convertFaceRecognitionNet(manifestPath, shardPaths) {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const weights = readTfjsWeights(manifest, shardPaths.map((p) => fs.readFileSync(p)));
  return Buffer.from(onnx.ModelProto.encode(buildModel(weights)).finish());
}

module.exports = { convertFaceRecognitionNet, readTfjsWeights, INPUT_SIDE };
