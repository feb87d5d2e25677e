import { expect } from '@jest/globals';
import { DomainError } from '@app/core';
import { findUnstorableText, rejectUnstorableText } from './stored-text';

describe('findUnstorableText', () => {
  it('accepts ordinary text, accents and emoji (paired surrogates)', () => {
    expect(findUnstorableText({ name: 'Ana Pérez 👩‍💼', person: { idNumber: '12345678' }, tags: ['a', 'b'] })).toBeNull();
  });

  it.each([
    [{ vendorData: 'a\u0000b' }, 'vendorData', /NUL/],
    [{ person: { idNumber: '1234\u00005678' } }, 'person.idNumber', /NUL/],
    [{ metadata: { notes: ['ok', 'bad\u0000'] } }, 'metadata.notes[1]', /NUL/],
    [{ metadata: { text: 'half \ud800 pair' } }, 'metadata.text', /unpaired surrogate/],
    [{ metadata: { text: 'tail \udc00' } }, 'metadata.text', /unpaired surrogate/],
  ])('names the field of %j', (value, field, reason) => {
    const problem = findUnstorableText(value);
    expect(problem?.field).toBe(field);
    expect(problem?.reason).toMatch(reason);
  });

  it('checks keys too', () => {
    expect(findUnstorableText({ metadata: { 'k\u0000': 1 } })).toEqual({ field: 'metadata', reason: expect.stringMatching(/key .*NUL/) });
  });

  it('names the root when given one (a query string, a form)', () => {
    expect(findUnstorableText('x\u0000', 'taxId')).toEqual({ field: 'taxId', reason: expect.stringMatching(/NUL/) });
  });

  it('throws INVALID_REQUEST with the field in the message and the details', () => {
    const error = (() => {
      try {
        rejectUnstorableText({ name: '\u0000' });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'name: must not contain NUL characters (\\u0000)',
      details: { field: 'name' },
    });
  });
});
