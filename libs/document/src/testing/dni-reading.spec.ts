import { parseDniBarcode } from '../barcode/parse-dni-barcode';
import { cardBarcodeText } from './dni-barcode-text';
import { dniData, dniPerson, dniReading } from './dni-reading';

describe('the shared test card', () => {
  it('parses, from the barcode its printed person carries, to exactly the data the reading holds', () => {
    expect(parseDniBarcode(cardBarcodeText(dniPerson()))).toEqual({ valid: true, layout: 'card', data: dniData() });
    expect(dniReading()).toEqual({ outcome: 'read', attempt: 'as-is', valid: true, layout: 'card', data: dniData() });
  });

  it('changes only what a test overrides', () => {
    expect(dniReading({ expiryDate: '2020-01-01' })).toMatchObject({ data: { expiryDate: '2020-01-01', documentNumber: '28456712' } });
    expect(dniPerson({ emission: '10/01/2009' })).toMatchObject({ emission: '10/01/2009', dni: '28456712' });
  });
});
