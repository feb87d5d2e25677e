import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

/**
 * One session per model per worker thread, single-threaded and without spin-waiting: the pool
 * already runs one thread per core, and a spinning ORT thread would burn the CPU the HTTP server
 * and the other workers need.
 */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  // The Node binding takes session config entries as flat "key": "string value" pairs.
  extra: {
    'session.intra_op.allow_spinning': '0',
    'session.inter_op.allow_spinning': '0',
  },
};

export async function openSession(modelPath: string): Promise<ort.InferenceSession> {
  if (!existsSync(modelPath)) {
    throw new Error(`face model missing: ${modelPath} (run "npm ci" or "node models/fetch.js" to fetch it)`);
  }
  return ort.InferenceSession.create(modelPath, SESSION_OPTIONS);
}

/** Runs a single-input, single-output-set model and returns the named outputs as float arrays. */
export async function runModel(
  session: ort.InferenceSession,
  input: Float32Array,
  dims: readonly number[],
): Promise<Record<string, Float32Array>> {
  const tensor = new ort.Tensor('float32', input, dims);
  const results = await session.run({ [session.inputNames[0]]: tensor });
  const outputs: Record<string, Float32Array> = {};
  for (const name of session.outputNames) {
    const data = results[name].data;
    if (!(data instanceof Float32Array)) throw new Error(`model output ${name} is not float32`);
    outputs[name] = data;
  }
  tensor.dispose();
  return outputs;
}
