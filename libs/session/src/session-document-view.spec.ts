import { withExtractedData } from './session-document-view';

describe('withExtractedData', () => {
  const card = { documentNumber: '28456712', tramite: '00623451287' };

  it("adds the card's data to the decision's document step, keeping what the step already says", () => {
    const decision = { status: 'in_review', document: { faceDetected: true, warnings: ['DATA_INCONSISTENT'] } };
    expect(withExtractedData(decision, card)).toEqual({
      status: 'in_review',
      document: { faceDetected: true, warnings: ['DATA_INCONSISTENT'], extractedData: card },
    });
    expect(decision.document).not.toHaveProperty('extractedData');
  });

  it('shows null when nothing was read (or it was erased)', () => {
    expect(withExtractedData({ document: { warnings: ['BARCODE_NOT_DETECTED'] } }, null)).toEqual({
      document: { warnings: ['BARCODE_NOT_DETECTED'], extractedData: null },
    });
  });

  it('leaves a missing decision, or one without a document step, as it is', () => {
    expect(withExtractedData(null, card)).toBeNull();
    expect(withExtractedData({ status: 'approved' }, card)).toEqual({ status: 'approved' });
    expect(withExtractedData({ document: null }, card)).toEqual({ document: null });
  });
});
