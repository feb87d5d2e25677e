import type { BarcodeRead } from './read-dni-barcode';

/** Messages to the reader thread. The photo's bytes are transferred, never copied twice. */
export type ReaderRequest = { type: 'read'; id: number; bytes: ArrayBuffer } | { type: 'shutdown' };

/** Messages from the reader thread. `failed` is an undecodable image, not a missing barcode. */
export type ReaderReply =
  | { type: 'ready' }
  | { type: 'startup-failed'; message: string }
  | { type: 'read'; id: number; read: BarcodeRead | null }
  | { type: 'failed'; id: number; message: string };
