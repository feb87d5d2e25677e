import { readFileSync } from 'node:fs';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

/**
 * The ZXing reader `.wasm` inside the installed zxing-wasm package. zxing-wasm's default
 * `locateFile` points at a CDN; we hand the module the bytes from disk instead (`wasmBinary`), so
 * nothing is ever fetched, and a `locateFile` that resolves to the same file in case the runtime
 * asks for a path.
 */
export const ZXING_READER_WASM_PATH: string = require.resolve('zxing-wasm/reader/zxing_reader.wasm');

let prepared: Promise<unknown> | null = null;

/** Loads the reader once per thread from the package on disk. */
export function prepareZxingReader(): Promise<unknown> {
  if (!prepared) {
    const wasmBinary = readFileSync(ZXING_READER_WASM_PATH);
    prepared = prepareZXingModule({
      overrides: {
        wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength),
        locateFile: () => ZXING_READER_WASM_PATH,
      },
      fireImmediately: true,
    });
  }
  return prepared;
}

/** Grey or RGBA pixels as zxing-wasm takes them (an ImageData-like record). */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

const PDF417_OPTIONS: ReaderOptions = {
  formats: ['PDF417'],
  tryHarder: true,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
};

/** The text of the first PDF417 found in the pixels, or null. */
export async function readPdf417Text(pixels: RgbaPixels, options: Partial<ReaderOptions> = {}): Promise<string | null> {
  await prepareZxingReader();
  const results = await readBarcodes(pixels, { ...PDF417_OPTIONS, ...options });
  const hit = results.find((result) => result.isValid && result.format === 'PDF417');
  return hit ? hit.text : null;
}
