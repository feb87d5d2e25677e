import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DniBarcodeParse, DniData } from './barcode/dni-data';
import { parseDniBarcode } from './barcode/parse-dni-barcode';
import type { ReaderReply, ReaderRequest } from './decode/reader-protocol';

/** What reading the front of a card gave. Expected outcomes are results, not exceptions. */
export type DniReading = { outcome: 'not-detected' } | ({ outcome: 'read'; attempt: string } & DniBarcodeParse);

/** The card's data when its barcode was read and is a valid DNI; null otherwise. */
export function extractedDataOf(reading: DniReading | null): DniData | null {
  return reading?.outcome === 'read' && reading.valid ? reading.data : null;
}

/** An image the reader could not decode at all (not an image, corrupt, too large). */
export class UnreadableDocumentImageError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnreadableDocumentImageError';
  }
}

interface Pending {
  resolve: (reading: DniReading) => void;
  reject: (error: Error) => void;
}

/**
 * Reads the PDF417 of DNI fronts on one worker thread, one photo at a time (a FIFO of promises):
 * zxing-wasm is synchronous and a hard photo takes several attempts, which must not stall the event
 * loop. A thread that dies fails the photos in flight and is started again on the next read.
 */
export class DniDocumentReader {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  /** Starts the thread and loads the reader from the package on disk; resolves when it is ready. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('document reader is closed'));
    if (this.ready) return this.ready;
    const worker = spawnReaderThread();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: ReaderReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'startup-failed') reject(new Error(`document reader failed to start: ${reply.message}`));
        else this.settle(reply);
      });
      worker.on('error', (error) => reject(error));
      worker.on('exit', (code) => {
        reject(new Error(`document reader thread exited (code ${code})`));
        this.onExit(worker, code);
      });
    });
    return this.ready;
  }

  /** Reads and parses the barcode of a photo of a card front. The caller's buffer is copied. */
  async read(bytes: Buffer): Promise<DniReading> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new Error('document reader is closed');
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const id = this.nextId++;
    return new Promise<DniReading>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: ReaderRequest = { type: 'read', id, bytes: copy.buffer };
      worker.postMessage(request, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'shutdown' } satisfies ReaderRequest);
    const timer = setTimeout(() => void worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private settle(reply: Extract<ReaderReply, { id: number }>): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.type === 'failed') {
      pending.reject(new UnreadableDocumentImageError(reply.message));
      return;
    }
    if (!reply.read) {
      pending.resolve({ outcome: 'not-detected' });
      return;
    }
    pending.resolve({ outcome: 'read', attempt: reply.read.attempt, ...parseDniBarcode(reply.read.text) });
  }

  private onExit(worker: Worker, code: number): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error(`document reader thread exited (code ${code})`));
    }
  }
}

/** Compiled code runs the `.js` worker; from TypeScript (Jest, benchmarks) the `.ts` one through @swc-node/register. */
function spawnReaderThread(): Worker {
  const fromTypeScript = __filename.endsWith('.ts');
  const entry = join(__dirname, 'decode', fromTypeScript ? 'dni-barcode.worker.ts' : 'dni-barcode.worker.js');
  const execArgv = fromTypeScript ? ['-r', require.resolve('@swc-node/register')] : [];
  return new Worker(entry, { execArgv });
}
