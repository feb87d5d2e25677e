import { strictBoolean, strictNumber } from './form-values';

describe('strictNumber', () => {
  it.each([
    ['42', 42],
    [' 30 ', 30],
    ['-1.5', -1.5],
    ['.5', 0.5],
    ['100.0', 100],
  ])('reads %j as %p', (input, expected) => {
    expect(strictNumber(input)).toBe(expected);
  });

  it.each(['', '   ', 'NaN', 'Infinity', '-Infinity', '1e2', '0x10', '1_000', '12abc', 'abc', '1.', '+', '--1'])(
    'leaves %j as sent so validation refuses it',
    (input) => {
      expect(strictNumber(input)).toBe(input);
    },
  );

  it('leaves numbers and repeated values (arrays) alone', () => {
    expect(strictNumber(7)).toBe(7);
    expect(strictNumber(['1', '2'])).toEqual(['1', '2']);
  });
});

describe('strictBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    [' no ', false],
  ])('reads %j as %p', (input, expected) => {
    expect(strictBoolean(input)).toBe(expected);
  });

  it.each(['', '  ', 'maybe', 'on', 'truee'])('leaves %j as sent so validation refuses it', (input) => {
    expect(strictBoolean(input)).toBe(input);
  });
});
