import { MAX_JSON_DEPTH, parseJsonBody } from './json-body';

function messageOf(text: string): string {
  const result = parseJsonBody(text);
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.code).toBe('INVALID_REQUEST');
  return result.error.message;
}

describe('parseJsonBody', () => {
  it('parses ordinary bodies, brackets inside strings included', () => {
    expect(parseJsonBody('{"a":[1,{"b":"[[{{\\"]]"}],"c":null}')).toEqual({ ok: true, value: { a: [1, { b: '[[{{"]]' }], c: null } });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, without parsing`, () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(parseJsonBody(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(messageOf(nested(MAX_JSON_DEPTH + 1))).toBe(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('refuses 10,000 levels quickly and by depth, not by a stack overflow', () => {
    expect(messageOf(`{"metadata":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`)).toMatch(/nested deeper/);
  });

  it('says where malformed JSON breaks, without quoting the body', () => {
    const message = messageOf('{"user_image":"secret-bytes",}');
    expect(message).toMatch(/^The body is not valid JSON/);
    expect(message).not.toContain('secret');
  });

  it('says an empty body is empty', () => {
    expect(messageOf('  ')).toMatch(/empty/);
  });

  it('names a __proto__ key and a constructor.prototype key instead of calling the JSON invalid', () => {
    expect(messageOf('{"metadata":{"__proto__":{"admin":true}}}')).toBe(
      'The JSON body has the key "metadata.__proto__", which is not accepted (it would change object prototypes)',
    );
    expect(messageOf('{"a":[{"constructor":{"prototype":{}}}]}')).toMatch(/"a\[0\]\.constructor\.prototype"/);
  });

  it('lets a plain "constructor" key through', () => {
    expect(parseJsonBody('{"constructor":"acme"}')).toEqual({ ok: true, value: { constructor: 'acme' } });
  });
});
