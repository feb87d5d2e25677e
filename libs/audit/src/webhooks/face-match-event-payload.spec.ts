import type { FaceMatchVerification } from '../entities';
import { toFaceMatchEventPayload } from './face-match-event-payload';

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

describe('toFaceMatchEventPayload', () => {
  it('keeps the contract fields of the verification with dates as ISO strings', () => {
    expect(toFaceMatchEventPayload(verification())).toMatchObject({
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

  it('leaves out image references and internal analysis details', () => {
    const payload = toFaceMatchEventPayload(verification());
    expect(payload).not.toHaveProperty('documentStoragePath');
    expect(payload).not.toHaveProperty('selfieStoragePath');
    expect(payload).not.toHaveProperty('details');
    expect(JSON.stringify(payload)).not.toMatch(/selfie\.jpg|document\.jpg|embedding/);
  });
});
