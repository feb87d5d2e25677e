import { parseDniBarcode } from './parse-dni-barcode';

const NEW_CARD = '00490436790@TRUCCO@CONSTANZA ZO@F@42528721@A@13/04/2000@20/04/2017@234';
const NEW_CARD_WITHOUT_CUIL = '00125559991@PENA SAN JUAN@ORLANDA YUDITH@F@28765457@A@17/01/1944@28/12/2012';
const OLD_CARD =
  '@14157955    @A@1@GUTIERREZ@ROBERTO DANIEL@ARGENTINA@31/05/1960@M@01/11/2011@00079064950@7055 @01/11/2026@421@0@ILR:2.20 C:110927.01 (GM/EXE-MOVE-HM)@UNIDAD #02 || S/N: 0040>2008>>0006';

function dataOf(text: string) {
  const parsed = parseDniBarcode(text);
  if (!parsed.valid) throw new Error(`expected a valid barcode, got: ${parsed.reason}`);
  return parsed;
}

function reasonOf(text: string): string {
  const parsed = parseDniBarcode(text);
  if (parsed.valid) throw new Error('expected an invalid barcode');
  return parsed.reason;
}

describe('parseDniBarcode, new card layout', () => {
  it('reads every field, with the CUIL rebuilt from the prefix and check digit', () => {
    const parsed = dataOf(NEW_CARD);
    expect(parsed.layout).toBe('card');
    expect(parsed.data).toEqual({
      documentNumber: '42528721',
      sex: 'F',
      tramite: '00490436790',
      ejemplar: 'A',
      lastName: 'TRUCCO',
      firstName: 'CONSTANZA ZO',
      dateOfBirth: '2000-04-13',
      issueDate: '2017-04-20',
      expiryDate: '2032-04-20',
      cuil: '23425287214',
    });
  });

  it('reads the eight-field variant without a CUIL', () => {
    const { data } = dataOf(NEW_CARD_WITHOUT_CUIL);
    expect(data.cuil).toBeUndefined();
    expect(data.documentNumber).toBe('28765457');
    expect(data.lastName).toBe('PENA SAN JUAN');
    expect(data.firstName).toBe('ORLANDA YUDITH');
    expect(data.dateOfBirth).toBe('1944-01-17');
    expect(data.issueDate).toBe('2012-12-28');
    expect(data.expiryDate).toBe('2027-12-28');
  });

  it('accepts sexo X and a 7-digit DNI, dropping leading zeros of the DNI but not of the trámite', () => {
    const { data } = dataOf('00612345678@DIAZ@ALEX@X@01234567@B@01/02/1990@03/04/2020');
    expect(data.sex).toBe('X');
    expect(data.documentNumber).toBe('1234567');
    expect(data.tramite).toBe('00612345678');
  });

  it('refuses a sexo other than M, F or X', () => {
    expect(reasonOf('00612345678@DIAZ@ALEX@Q@12345678@B@01/02/1990@03/04/2020')).toMatch(/sexo/);
  });

  it('refuses a DNI that is not 7 or 8 digits', () => {
    expect(reasonOf('00612345678@DIAZ@ALEX@M@123456@B@01/02/1990@03/04/2020')).toMatch(/DNI/);
    expect(reasonOf('00612345678@DIAZ@ALEX@M@123456789@B@01/02/1990@03/04/2020')).toMatch(/DNI/);
    expect(reasonOf('00612345678@DIAZ@ALEX@M@12A45678@B@01/02/1990@03/04/2020')).toMatch(/DNI/);
  });

  it('refuses a trámite with anything but digits', () => {
    expect(reasonOf('0061234567X@DIAZ@ALEX@M@12345678@B@01/02/1990@03/04/2020')).toMatch(/trámite/);
  });

  it('refuses dates that are not real days', () => {
    expect(reasonOf('00612345678@DIAZ@ALEX@M@12345678@B@31/02/1990@03/04/2020')).toMatch(/birth/);
    expect(reasonOf('00612345678@DIAZ@ALEX@M@12345678@B@01/02/1990@2020-04-03')).toMatch(/emission/);
    expect(reasonOf('00612345678@DIAZ@ALEX@M@12345678@B@01/02/1990@01/01/1980')).toMatch(/before the birth/);
  });

  it('refuses a CUIL whose check digit does not fit the DNI', () => {
    expect(reasonOf(NEW_CARD.replace(/@234$/, '@235'))).toMatch(/CUIL/);
  });

  it('refuses a missing name or ejemplar', () => {
    expect(reasonOf('00612345678@@ALEX@M@12345678@B@01/02/1990@03/04/2020')).toMatch(/last name/);
    expect(reasonOf('00612345678@DIAZ@@M@12345678@B@01/02/1990@03/04/2020')).toMatch(/first name/);
    expect(reasonOf('00612345678@DIAZ@ALEX@M@12345678@@01/02/1990@03/04/2020')).toMatch(/ejemplar/);
  });
});

describe('parseDniBarcode, old card layout', () => {
  it('reads the fields at their positions and keeps the printed expiry', () => {
    const parsed = dataOf(OLD_CARD);
    expect(parsed.layout).toBe('legacy');
    expect(parsed.data).toEqual({
      documentNumber: '14157955',
      sex: 'M',
      tramite: '00079064950',
      ejemplar: 'A',
      lastName: 'GUTIERREZ',
      firstName: 'ROBERTO DANIEL',
      dateOfBirth: '1960-05-31',
      issueDate: '2011-11-01',
      expiryDate: '2026-11-01',
    });
  });

  it('takes the digits of a DNI printed with a letter before it', () => {
    expect(dataOf(OLD_CARD.replace('@14157955    @', '@F14157955@')).data.documentNumber).toBe('14157955');
  });

  it('accepts 15 and 16 fields, not 14 or 18', () => {
    const fields = OLD_CARD.split('@');
    expect(parseDniBarcode(fields.slice(0, 15).join('@')).valid).toBe(true);
    expect(parseDniBarcode(fields.slice(0, 16).join('@')).valid).toBe(true);
    expect(parseDniBarcode(fields.slice(0, 14).join('@')).valid).toBe(false);
    expect(parseDniBarcode([...fields, 'x'].join('@')).valid).toBe(false);
  });

  it('refuses a printed expiry that is not after the emission', () => {
    expect(reasonOf(OLD_CARD.replace('@01/11/2026@', '@01/11/2010@'))).toMatch(/expiry/);
  });

  it('refuses a sexo field in the wrong place', () => {
    expect(reasonOf(OLD_CARD.replace('@M@01/11/2011', '@H@01/11/2011'))).toMatch(/sexo/);
  });
});

describe('parseDniBarcode, other barcodes', () => {
  it('says the text is not a DNI barcode when the field count fits no layout', () => {
    expect(reasonOf('https://example.com/ticket/123')).toMatch(/not a DNI barcode/);
    expect(reasonOf('A@B@C')).toMatch(/not a DNI barcode/);
  });
});
