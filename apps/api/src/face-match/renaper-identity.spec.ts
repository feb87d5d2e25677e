import type { EntityRecord } from '@app/audit';
import { DomainError } from '@app/core';
import { resolveRenaperIdentity } from './renaper-identity';

function entity(overrides: Partial<EntityRecord>): EntityRecord {
  return { id: 'e', organizationId: 'o', type: 'person', externalId: null, taxId: null, name: null, person: null, ...overrides } as EntityRecord;
}

describe('resolveRenaperIdentity', () => {
  it('takes the request values, mapping male/female and dropping leading zeros of the trámite', () => {
    expect(resolveRenaperIdentity({ dni: '12345678', gender: 'female', tramite: '00512345678' }, null)).toEqual({ dni: '12345678', sexo: 'F', tramite: '512345678' });
  });

  it('falls back to the entity: person.idNumber and person.gender', () => {
    const linked = entity({ person: { idNumber: '23456789', gender: 'M' } });
    expect(resolveRenaperIdentity({ tramite: '123' }, linked)).toEqual({ dni: '23456789', sexo: 'M', tramite: '123' });
  });

  it('takes the DNI from the 8 middle digits of a CUIL/CUIT taxId', () => {
    const linked = entity({ taxId: '20-12345678-9', person: { gender: 'X' } });
    expect(resolveRenaperIdentity({ tramite: '1' }, linked)).toEqual({ dni: '12345678', sexo: 'X', tramite: '1' });
  });

  it('prefers the request over the entity', () => {
    const linked = entity({ taxId: '20123456789', person: { idNumber: '23456789', gender: 'M' } });
    expect(resolveRenaperIdentity({ dni: '34567890', gender: 'F', tramite: '9' }, linked)).toMatchObject({ dni: '34567890', sexo: 'F' });
  });

  it('refuses with INVALID_REQUEST naming every missing value', () => {
    let error: unknown;
    try {
      resolveRenaperIdentity({}, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_REQUEST');
    expect((error as DomainError).message).toMatch(/dni is required.*gender is required.*tramite/);
  });

  it('refuses a missing trámite even when the entity gives the rest', () => {
    const linked = entity({ person: { idNumber: '23456789', gender: 'M' } });
    expect(() => resolveRenaperIdentity({}, linked)).toThrow(/tramite/);
  });
});
