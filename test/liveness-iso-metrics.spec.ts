import { apcer, bpcer, bpcerAtApcer } from '../bench/liveness/iso-metrics';

describe('ISO/IEC 30107-3 rates', () => {
  it('APCER counts attacks accepted at or above the threshold; a missed face is a rejection', () => {
    expect(apcer([10, 50, 80, null], 50)).toBe(0.5);
  });

  it('BPCER counts genuine presentations below the threshold, and missed faces', () => {
    expect(bpcer([99, 49.9, null, 50], 50)).toBe(0.5);
  });

  it('BPCER at APCER 5 % takes the lowest threshold that keeps every attack type at or under 5 %', () => {
    const genuine = [95, 90, 85, 60, 30];
    const screen = Array.from({ length: 20 }, (_, i) => i); // 0..19: APCER 5 % needs a threshold above 18
    const print = [70, ...Array.from({ length: 19 }, () => 1)]; // one attack at 70 is 5 % alone
    const result = bpcerAtApcer(genuine, [screen, print], 0.05);
    expect(result.threshold).toBeGreaterThan(18);
    expect(result.threshold).toBeLessThan(19);
    expect(result.bpcer).toBe(0);
  });
});
