export * from './dni-barcode-text';
export * from './dni-reading';
