import { assessQuality } from './face-quality';

const THRESHOLDS = { minSizePx: 64, minConfidence: 0.9 };

describe('assessQuality', () => {
  it('accepts a large, confident face', () => {
    expect(assessQuality({ sizePx: 64, confidence: 0.9 }, THRESHOLDS)).toEqual({ low: false, reasons: [] });
  });

  it('flags small and uncertain faces, naming each reason', () => {
    expect(assessQuality({ sizePx: 41.3, confidence: 0.99 }, THRESHOLDS)).toEqual({
      low: true,
      reasons: ['face 41 px < 64 px'],
    });
    expect(assessQuality({ sizePx: 30, confidence: 0.75 }, THRESHOLDS)).toEqual({
      low: true,
      reasons: ['face 30 px < 64 px', 'detector confidence 0.75 < 0.9'],
    });
  });
});
