export * from './dni-barcode-text';
