import type { FaceTemplate } from '@app/face';
import { OpenedTemplateCache } from './opened-template-cache';

const template = (tag: number) => ({ embeddings: [{ model: `m${tag}`, vector: [tag] }] }) as unknown as FaceTemplate;

describe('OpenedTemplateCache', () => {
  it('returns what was cached, by template id', () => {
    const cache = new OpenedTemplateCache();
    cache.set('t1', 'e1', template(1));
    expect(cache.get('t1')).toEqual(template(1));
    expect(cache.get('t2')).toBeUndefined();
  });

  it("forgets every template of an erased entity and keeps the others'", () => {
    const cache = new OpenedTemplateCache();
    cache.set('t1', 'e1', template(1));
    cache.set('t2', 'e1', template(2));
    cache.set('t3', 'e2', template(3));
    cache.forgetEntity('e1');
    expect([cache.get('t1'), cache.get('t2')]).toEqual([undefined, undefined]);
    expect(cache.get('t3')).toEqual(template(3));
    expect(cache.size).toBe(1);
  });

  it("drops an entity's templates the database no longer lists (erased by another replica)", () => {
    const cache = new OpenedTemplateCache();
    cache.set('t1', 'e1', template(1));
    cache.set('t2', 'e1', template(2));
    cache.set('t3', 'e2', template(3));
    cache.retainForEntity('e1', ['t2']);
    expect([cache.get('t1'), cache.get('t2'), cache.get('t3')]).toEqual([undefined, template(2), template(3)]);
    cache.retainForEntity('e1', []);
    expect(cache.size).toBe(1);
  });

  it('expires entries after ten minutes', () => {
    const cache = new OpenedTemplateCache();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    cache.set('t1', 'e1', template(1));
    now.mockReturnValue(1_000_000 + 10 * 60 * 1000 + 1);
    expect(cache.get('t1')).toBeUndefined();
    now.mockRestore();
  });
});
