import { randomBytes } from 'node:crypto';
import type { SessionDocumentRepository } from '@app/audit';
import type { DniReading } from '@app/document';
import { dniData, dniReading } from '@app/document/testing';
import { BiometricCipher } from '@app/storage';
import { WebhookPayloads } from './webhook-payload';

const ORG = '6d3f9f0e-0000-4000-8000-000000000001';
const VALIDATION = '6d3f9f0e-0000-4000-8000-000000000002';

describe('WebhookPayloads', () => {
  const cipher = new BiometricCipher([{ id: 'k', key: randomBytes(32) }], 'k');
  const readings = new Map<string, Buffer>();
  const lookups: string[] = [];
  const documents = {
    findSealed: (organizationId: string, id: string) => {
      lookups.push(`${organizationId}/${id}`);
      return Promise.resolve(readings.get(id) ?? null);
    },
  } as unknown as SessionDocumentRepository;
  const payloads = new WebhookPayloads(documents, cipher);
  const decided = { id: VALIDATION, status: 'approved', decision: { status: 'approved', document: { warnings: [] } } };

  beforeEach(() => {
    readings.clear();
    lookups.length = 0;
  });

  it("opens the validation's sealed reading into decision.document.extractedData at send time", async () => {
    readings.set(VALIDATION, cipher.sealJson(dniReading()));
    const payload = await payloads.complete({ event: 'kyc.validation_approved', organizationId: ORG, payload: decided });
    expect(payload).toEqual({ ...decided, decision: { status: 'approved', document: { warnings: [], extractedData: dniData() } } });
    expect(lookups).toEqual([`${ORG}/${VALIDATION}`]);
  });

  it('sends null once the reading is gone (erased), or when the barcode was not usable', async () => {
    const erased = await payloads.complete({ event: 'kyc.validation_in_review', organizationId: ORG, payload: decided });
    expect(erased.decision).toEqual({ status: 'approved', document: { warnings: [], extractedData: null } });
    readings.set(VALIDATION, cipher.sealJson({ outcome: 'not-detected' } satisfies DniReading));
    const unread = await payloads.complete({ event: 'kyc.validation_approved', organizationId: ORG, payload: decided });
    expect(unread.decision).toEqual({ status: 'approved', document: { warnings: [], extractedData: null } });
  });

  it('leaves other events and undecided validations as stored, without a lookup', async () => {
    const undecided = { id: VALIDATION, status: 'pending', decision: null };
    expect(await payloads.complete({ event: 'kyc.validation_created', organizationId: ORG, payload: undecided })).toBe(undecided);
    const faceMatch = { id: VALIDATION, decision: { document: {} } };
    expect(await payloads.complete({ event: 'kyc.face_match.updated', organizationId: ORG, payload: faceMatch })).toBe(faceMatch);
    expect(lookups).toEqual([]);
  });
});
