/**
 * Entry point of the barcode reader thread: zxing-wasm runs synchronously, so reading happens here
 * and never on the event loop of the API. Only relative imports: loaded by a bare worker thread,
 * compiled (dist/**.js) or from TypeScript under @swc-node/register (tests, benchmarks).
 */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { readDniBarcode } from './read-dni-barcode';
import type { ReaderReply, ReaderRequest } from './reader-protocol';
import { prepareZxingReader } from './zxing-reader';

// One libvips thread: this thread reads one photo at a time.
sharp.concurrency(1);

const port = parentPort;
if (!port) throw new Error('dni-barcode.worker must run in a worker thread');

prepareZxingReader().then(
  () => port.postMessage({ type: 'ready' } satisfies ReaderReply),
  (error: unknown) => port.postMessage({ type: 'startup-failed', message: String(error) } satisfies ReaderReply),
);

port.on('message', (request: ReaderRequest) => {
  if (request.type === 'shutdown') {
    port.close();
    return;
  }
  readDniBarcode(Buffer.from(request.bytes)).then(
    (read) => port.postMessage({ type: 'read', id: request.id, read } satisfies ReaderReply),
    (error: unknown) =>
      port.postMessage({
        type: 'failed',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      } satisfies ReaderReply),
  );
});
