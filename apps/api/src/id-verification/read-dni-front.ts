import { DomainError } from '@app/core';
import { DniDocumentReader, DniReading, UnreadableDocumentImageError } from '@app/document';

/**
 * Reads the barcode of a DNI front sent in `field` (ID verification, the session's document step).
 * An image no decoder can open is the client's mistake: INVALID_REQUEST naming the field.
 */
export async function readDniFront(reader: DniDocumentReader, bytes: Buffer, field: string): Promise<DniReading> {
  try {
    return await reader.read(bytes);
  } catch (error) {
    if (error instanceof UnreadableDocumentImageError) throw DomainError.invalid(`${field}: the image could not be decoded`, { field });
    throw error;
  }
}
