import type { FaceMatchVerification } from '../entities';
import { faceMatchVerificationFor } from './face-match-verification';

function verification(overrides: Partial<FaceMatchVerification> = {}): FaceMatchVerification {
  return {
    id: '0b0c5a8e-1111-4c1e-9a55-6f6d1c1e0001',
    organizationId: '0b0c5a8e-2222-4c1e-9a55-6f6d1c1e0002',
    entityId: null,
    status: 'approved',
    match: true,
    score: 91.5,
    threshold: 30,
    requestId: 'req-1',
    vendorData: 'customer-1',
    errorMessage: null,
    triggeredByUserId: '0b0c5a8e-3333-4c1e-9a55-6f6d1c1e0003',
    documentStoragePath: 'org/2025/document.jpg',
    selfieStoragePath: 'org/2025/selfie.jpg',
    storageProvider: 'local',
    warnings: [],
    doubleCheckRenaper: true,
    responseDoubleChecks: {
      renaperBiometric: { status: 'match', score: 88, transactionControlNumber: 'T1', polls: 2, checkedAt: '2025-01-01T00:00:00.000Z' },
    },
    details: { cosine: 0.7, embedding: [0.1, 0.2] },
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    updatedAt: new Date('2025-01-01T00:00:05.000Z'),
    ...overrides,
  };
}

describe('faceMatchVerificationFor', () => {
  it('gives a webhook the contract fields of the verification with dates as ISO strings', () => {
    expect(faceMatchVerificationFor(verification(), 'webhook')).toMatchObject({
      id: '0b0c5a8e-1111-4c1e-9a55-6f6d1c1e0001',
      status: 'approved',
      match: true,
      score: 91.5,
      warnings: [],
      responseDoubleChecks: { renaperBiometric: { status: 'match' } },
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:05.000Z',
    });
  });

  it('leaves image references and internal analysis details out of a webhook', () => {
    const payload = faceMatchVerificationFor(verification(), 'webhook');
    expect(payload).not.toHaveProperty('documentStoragePath');
    expect(payload).not.toHaveProperty('selfieStoragePath');
    expect(payload).not.toHaveProperty('details');
    expect(JSON.stringify(payload)).not.toMatch(/selfie\.jpg|document\.jpg|embedding/);
  });

  it('gives the API the same record plus the image references, with the same double-check outcomes', () => {
    const row = verification({ details: { renaperInputSources: { dni: 'document', gender: 'entity', tramite: 'request' } } });
    const api = faceMatchVerificationFor(row, 'api');
    const webhook = faceMatchVerificationFor(row, 'webhook');
    expect(api).toMatchObject({ documentStoragePath: 'org/2025/document.jpg', selfieStoragePath: 'org/2025/selfie.jpg' });
    expect(api.createdAt).toEqual(new Date('2025-01-01T00:00:00.000Z'));
    const { documentStoragePath: _document, selfieStoragePath: _selfie, createdAt: _created, updatedAt: _updated, ...shared } = api;
    expect(webhook).toEqual({ ...shared, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:05.000Z' });
    expect(webhook.responseDoubleChecks).toMatchObject({ inputSources: { dni: 'document', gender: 'entity', tramite: 'request' } });
    expect(api).not.toHaveProperty('details');
  });
});
