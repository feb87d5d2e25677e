import { randomBytes } from 'node:crypto';
import { BiometricCipher, envelopeKeyId } from '@app/storage';
import { reencryptSealedRows, reencryptTemplates } from './storage-reencrypt.command';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };

/** An in-memory stand-in for the two repository methods, paging by id like the SQL does. */
function templatesTable(rows: Map<string, Buffer>) {
  return {
    findSealedTemplatesAfter(afterId: string | null, limit: number) {
      return Promise.resolve(
        [...rows.keys()]
          .sort()
          .filter((id) => afterId === null || id > afterId)
          .slice(0, limit)
          .map((id) => ({ id, template: rows.get(id) as Buffer })),
      );
    },
    replaceSealedTemplate(id: string, template: Buffer) {
      rows.set(id, template);
      return Promise.resolve();
    },
  };
}

describe('reencryptTemplates', () => {
  it('moves templates sealed under an older key to the active one, leaves current ones, and reports unreadable ones', async () => {
    const underA = new BiometricCipher([keyA], 'a');
    const both = new BiometricCipher([keyA, keyB], 'b');
    const foreign = new BiometricCipher([{ id: 'x', key: randomBytes(32) }], 'x');
    const rows = new Map<string, Buffer>();
    for (let i = 0; i < 250; i++) rows.set(`t${String(i).padStart(3, '0')}`, underA.sealJson({ vector: [i] }));
    rows.set('t900', both.sealJson({ vector: [900] }));
    rows.set('t901', foreign.sealJson({ vector: [901] }));
    const failures: string[] = [];

    const counts = await reencryptTemplates(templatesTable(rows), both, (id) => failures.push(id));

    expect(counts).toEqual({ rotated: 250, current: 1, failed: 1 });
    expect(failures).toEqual(['t901']);
    expect(envelopeKeyId(rows.get('t042') as Buffer)).toBe('b');
    expect(both.openJson(rows.get('t042') as Buffer)).toEqual({ vector: [42] });
    expect(await reencryptTemplates(templatesTable(rows), both, () => undefined)).toEqual({ rotated: 0, current: 251, failed: 1 });
  });
});

describe('reencryptSealedRows', () => {
  it('re-seals DNI card data under the active key only when the row still holds the bytes that were read', async () => {
    const underA = new BiometricCipher([keyA], 'a');
    const both = new BiometricCipher([keyA, keyB], 'b');
    const rows = new Map<string, Buffer>([
      ['v1', underA.sealJson({ documentNumber: '28456712' })],
      ['v2', both.sealJson({ documentNumber: '30111222' })],
    ]);
    const replaced: string[] = [];
    const counts = await reencryptSealedRows(
      {
        page: (afterId, limit) =>
          Promise.resolve(
            [...rows.keys()]
              .sort()
              .filter((id) => afterId === null || id > afterId)
              .slice(0, limit)
              .map((id) => ({ id, sealed: rows.get(id) as Buffer })),
          ),
        replace: (id, previous, next) => {
          if (!(rows.get(id) as Buffer).equals(previous)) return Promise.resolve(false);
          rows.set(id, next);
          replaced.push(id);
          return Promise.resolve(true);
        },
      },
      both,
      () => undefined,
    );
    expect(counts).toEqual({ rotated: 1, current: 1, failed: 0 });
    expect(replaced).toEqual(['v1']);
    expect(envelopeKeyId(rows.get('v1') as Buffer)).toBe('b');
    expect(both.openJson(rows.get('v1') as Buffer)).toEqual({ documentNumber: '28456712' });
  });
});
