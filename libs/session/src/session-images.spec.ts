import { StoredSessionImages } from '@app/audit';
import { DECIDED_IMAGE_KINDS, pendingDocumentPath, sessionImages } from './session-images';

const ORG = '11111111-1111-4111-8111-111111111111';
const ID = '22222222-2222-4222-8222-222222222222';
const base = `organizations/${ORG}/kyc-validations/${ID}`;

function stored(kinds: string[], storageProvider: 'local' | 's3' | null): StoredSessionImages {
  return { organizationId: ORG, kycValidationId: ID, kinds, storageProvider };
}

describe('sessionImages', () => {
  it('lists a decided session’s images where its decision put them, and the pending document where new images go', () => {
    expect(sessionImages(stored([...DECIDED_IMAGE_KINDS], 's3'), 'local')).toEqual([
      { kind: 'document', path: `${base}/document`, provider: 's3', optional: false },
      { kind: 'selfie', path: `${base}/selfie`, provider: 's3', optional: false },
      { kind: 'pending-document', path: `${base}/pending-document`, provider: 'local', optional: true },
    ]);
  });

  it('lists only the optional pending document of an undecided (or erased) session', () => {
    expect(sessionImages(stored([], null), 's3')).toEqual([
      { kind: 'pending-document', path: pendingDocumentPath({ organizationId: ORG, kycValidationId: ID }), provider: 's3', optional: true },
    ]);
  });

  it('ignores kinds it does not know (a decision can never name a path outside the session)', () => {
    expect(sessionImages(stored(['selfie', '../other', 'pending-document'], 'local'), 'local').map((image) => image.kind)).toEqual([
      'selfie',
      'pending-document',
    ]);
  });
});
