import type { EntityRecord } from '@app/audit';
import { DomainError } from '@app/core';
import { dniData } from '@app/document/testing';
import { resolveRenaperIdentity, resolveRenaperInputs } from './renaper-identity';

function entity(overrides: Partial<EntityRecord>): EntityRecord {
  return {
    id: 'e',
    organizationId: 'o',
    type: 'person',
    externalId: null,
    taxId: null,
    name: null,
    person: null,
    ...overrides,
  } as EntityRecord;
}

describe('resolveRenaperIdentity', () => {
  it('takes the request values, mapping male/female and dropping leading zeros of the trámite', () => {
    expect(resolveRenaperIdentity({ dni: '12345678', gender: 'female', tramite: '00512345678' }, null)).toEqual({
      dni: '12345678',
      sexo: 'F',
      tramite: '512345678',
    });
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

describe('resolveRenaperInputs with a DNI card read from the document image', () => {
  const card = dniData({ documentNumber: '28456712', sex: 'F', tramite: '00623451287' });

  it('takes every value from the card when neither the request nor the entity has it', () => {
    expect(resolveRenaperInputs({}, null, card)).toEqual({
      identity: { dni: '28456712', sexo: 'F', tramite: '623451287' },
      sources: { dni: 'document', gender: 'document', tramite: 'document' },
      contradictsDocument: false,
    });
  });

  it('prefers the request, then the entity, then the card, and says so', () => {
    const linked = entity({ person: { gender: 'F' } });
    expect(resolveRenaperInputs({ dni: '28456712' }, linked, card).sources).toEqual({
      dni: 'request',
      gender: 'entity',
      tramite: 'document',
    });
  });

  it('flags a sent value that contradicts the card, and still uses the sent value', () => {
    for (const fields of [{ dni: '28456713' }, { gender: 'M' }, { tramite: '623451288' }]) {
      const resolved = resolveRenaperInputs(fields, null, card);
      expect(resolved.contradictsDocument).toBe(true);
    }
    expect(resolveRenaperInputs({ dni: '28456713' }, null, card).identity.dni).toBe('28456713');
    expect(resolveRenaperInputs({ tramite: '623451287', gender: 'female' }, null, card).contradictsDocument).toBe(false);
  });

  it('without a card, still refuses a missing trámite and names the card as a way to give it', () => {
    expect(() => resolveRenaperInputs({ dni: '28456712', gender: 'F' }, null, null)).toThrow(/documentImage of a DNI front/);
  });
});
