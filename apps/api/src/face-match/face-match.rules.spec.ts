import { SameCaptureVerdict } from '@app/face';
import { FaceMatchDecision, withSameCaptureCheck } from './face-match.rules';

const decision = (overrides: Partial<FaceMatchDecision>): FaceMatchDecision => ({
  match: true,
  score: 97,
  status: 'approved',
  warnings: [],
  details: {},
  ...overrides,
});
const same: SameCaptureVerdict = { same: true, reason: 'same-bytes', hashDistance: 0, cosine: 1 };
const different: SameCaptureVerdict = { same: false, reason: null, hashDistance: 31, cosine: 0.41 };

describe('withSameCaptureCheck (a selfie that is the document image)', () => {
  it('turns an approval of the document image itself into in_review, not a match, keeping the score for the reviewer', () => {
    const result = withSameCaptureCheck(decision({}), same);
    expect(result).toMatchObject({ match: false, score: 97, status: 'in_review', warnings: ['SELFIE_MATCHES_DOCUMENT_IMAGE'] });
    expect(result.details.sameCapture).toEqual({ reason: 'same-bytes', hashDistance: 0, cosine: 1 });
  });

  it('keeps a decline: a reason to decline (no face, low score) wins over the reason to review', () => {
    const noFace = decision({ match: false, score: null, status: 'declined', warnings: ['NO_REFERENCE_IMAGE'] });
    expect(withSameCaptureCheck(noFace, same)).toMatchObject({
      status: 'declined',
      match: false,
      warnings: ['NO_REFERENCE_IMAGE', 'SELFIE_MATCHES_DOCUMENT_IMAGE'],
    });
  });

  it('leaves two different captures as decided, recording the comparison', () => {
    const result = withSameCaptureCheck(decision({}), different);
    expect(result).toMatchObject({ match: true, status: 'approved', warnings: [] });
    expect(result.details.sameCapture).toEqual({ reason: null, hashDistance: 31, cosine: 0.41 });
  });
});
