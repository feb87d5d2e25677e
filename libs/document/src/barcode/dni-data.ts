/** What the front of an Argentine DNI says, read from its PDF417. Dates are `yyyy-mm-dd`. */
export interface DniData {
  /** The DNI number, 7 or 8 digits, without leading zeros. */
  documentNumber: string;
  sex: 'M' | 'F' | 'X';
  /** Número de trámite as printed (leading zeros kept); compare as numbers. */
  tramite: string;
  /** Ejemplar letter (A for the first card, B for the second, ...). */
  ejemplar: string;
  lastName: string;
  firstName: string;
  dateOfBirth: string;
  issueDate: string;
  expiryDate: string;
  /** CUIL, 11 digits, when the barcode carries its prefix and check digit (new cards). */
  cuil?: string;
}

/** Which generation of card the barcode came from. */
export type DniLayout = 'card' | 'legacy';

/** The outcome of parsing a barcode text: data, or why it is not a valid DNI barcode. */
export type DniBarcodeParse = { valid: true; layout: DniLayout; data: DniData } | { valid: false; reason: string };
