import { booleanWord } from './boolean-word';

describe('booleanWord', () => {
  it.each([
    ['true', true],
    [' YES ', true],
    ['1', true],
    ['False', false],
    ['no', false],
    ['0', false],
  ])('reads %j as %s', (word, expected) => {
    expect(booleanWord(word)).toBe(expected);
  });

  it.each(['', '  ', 'on', 'off', 'y', 'truthy', '2'])('leaves %j as sent, for validation to refuse', (word) => {
    expect(booleanWord(word)).toBe(word);
  });

  it('reads on and off only for switches (environment variables)', () => {
    expect(booleanWord('ON', { switches: true })).toBe(true);
    expect(booleanWord(' off', { switches: true })).toBe(false);
  });

  it('reads a blank as false only when asked to', () => {
    expect(booleanWord(' ', { blankIsFalse: true })).toBe(false);
    expect(booleanWord('maybe', { blankIsFalse: true })).toBe('maybe');
  });

  it('passes non-strings through (a JSON boolean, a number, an array)', () => {
    expect(booleanWord(true)).toBe(true);
    expect(booleanWord(0)).toBe(0);
    const list = ['true'];
    expect(booleanWord(list)).toBe(list);
  });
});
