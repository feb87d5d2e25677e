import { judgeLiveness } from './liveness-verdict';

describe('judgeLiveness', () => {
  const thresholds = { threshold: 60, attackBelow: 25 };
  it('is live at and above the threshold', () => {
    expect(judgeLiveness(60, thresholds)).toBe('live');
    expect(judgeLiveness(99.9, thresholds)).toBe('live');
  });
  it('is uncertain in the band below the threshold', () => {
    expect(judgeLiveness(59.99, thresholds)).toBe('uncertain');
    expect(judgeLiveness(25, thresholds)).toBe('uncertain');
  });
  it('is an attack below the band', () => {
    expect(judgeLiveness(24.99, thresholds)).toBe('attack');
  });
  it('refuses a band above the threshold', () => {
    expect(() => judgeLiveness(50, { threshold: 40, attackBelow: 45 })).toThrow();
  });
});
