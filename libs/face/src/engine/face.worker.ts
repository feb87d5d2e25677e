/**
 * Entry point of a face worker thread. Loads its ONNX sessions (detector, landmarks, one per
 * embedder) once, then analyses one image at a time for the pool. Only relative imports: this file
 * is loaded by a bare worker thread, both compiled (dist/**.js) and from TypeScript under
 * @swc-node/register (tests, benchmarks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { UnusableImageError } from '../image/unusable-image.error';
import { FacePipeline } from '../pipeline/face-pipeline';
import type { FaceWorkerReply, FaceWorkerRequest, FaceWorkerSetup } from './worker-protocol';

// One libvips thread: the pool already runs one worker thread per core it was given.
sharp.concurrency(1);

function send(reply: FaceWorkerReply): void {
  parentPort?.postMessage(reply);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('face.worker must run in a worker thread');
  const setup = workerData as FaceWorkerSetup;
  let pipeline: FacePipeline;
  try {
    pipeline = await FacePipeline.create(setup.pipeline);
  } catch (error) {
    send({ type: 'startup-failed', message: messageOf(error) });
    return;
  }
  port.on('message', (request: FaceWorkerRequest) => {
    if (request.type === 'shutdown') {
      // Releasing the native sessions before the thread ends avoids tearing them down mid-exit.
      void pipeline.release().finally(() => port.close());
      return;
    }
    pipeline.analyze(new Uint8Array(request.bytes), request.options).then(
      (analysis) => send({ type: 'analysed', id: request.id, analysis }),
      (error: unknown) =>
        send(
          error instanceof UnusableImageError
            ? { type: 'image-rejected', id: request.id, reason: error.reason }
            : { type: 'failed', id: request.id, message: messageOf(error) },
        ),
    );
  });
  send({ type: 'ready', modelVersion: pipeline.modelVersions.join(', ') });
}

void serve();
