export * from './barcode/dni-data';
export { parseDniBarcode } from './barcode/parse-dni-barcode';
export { ageOn, calendarDateOf, parseIsoDate, toIsoDate, type CalendarDate } from './barcode/dni-dates';
export { isExpiredOn, expiryFromEmission } from './barcode/dni-validity';
export { readDniBarcode, type BarcodeRead } from './decode/read-dni-barcode';
export { ZXING_READER_WASM_PATH, prepareZxingReader as prepareZxingReaderForBench } from './decode/zxing-reader';
export { DniDocumentReader, extractedDataOf, UnreadableDocumentImageError, type DniReading } from './dni-document-reader';
export { DocumentModule } from './document.module';
