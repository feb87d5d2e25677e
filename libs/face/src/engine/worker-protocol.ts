import type { FaceAnalysis } from '../face.types';
import type { AnalyzeOptions, PipelineOptions } from '../pipeline/face-pipeline';

/** `workerData` of every face worker thread. */
export interface FaceWorkerSetup {
  pipeline: PipelineOptions;
}

/** Main thread → worker: analyse these bytes (the ArrayBuffer is transferred, not copied). */
export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  bytes: ArrayBuffer;
  /** What to compute beyond detection and the template (e.g. passive liveness). */
  options?: AnalyzeOptions;
}

/** Main thread → worker: release the ONNX sessions and let the thread end on its own. */
export interface ShutdownRequest {
  type: 'shutdown';
}

export type FaceWorkerRequest = AnalyzeRequest | ShutdownRequest;

/** Worker → main thread. */
export type FaceWorkerReply =
  | { type: 'ready'; modelVersion: string }
  | { type: 'startup-failed'; message: string }
  | { type: 'analysed'; id: number; analysis: FaceAnalysis }
  | { type: 'image-rejected'; id: number; reason: string }
  | { type: 'failed'; id: number; message: string };
