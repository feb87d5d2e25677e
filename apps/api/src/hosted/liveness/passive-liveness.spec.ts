import { judgePassive } from './passive-liveness';

const judge = (score: number) => (score >= 50 ? 'live' : score >= 20 ? 'uncertain' : 'attack');

describe('judgePassive', () => {
  it('judges the median of the frames, so one odd frame does not decide', () => {
    expect(judgePassive([99, 10, 97, 98, 96], judge)).toEqual({ score: 97, verdict: 'live' });
    expect(judgePassive([5, 8, 90, 3], judge)).toEqual({ score: 6.5, verdict: 'attack' });
    expect(judgePassive([30, 45, 60], judge)).toEqual({ score: 45, verdict: 'uncertain' });
  });

  it('ignores frames without a score and reports nothing when no frame has one', () => {
    expect(judgePassive([null, 80, null], judge)).toEqual({ score: 80, verdict: 'live' });
    expect(judgePassive([null, null], judge)).toEqual({ score: null, verdict: null });
  });
});
