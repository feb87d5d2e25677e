import { loadEnvironment } from '@app/core';
import { combinationKey, comparedVersion, familyOf, flipPays, otherVariantOf, resolveEmbedders } from './model-version';

describe('embedder configuration', () => {
  it('runs fr and frnet by default, fused, without flip averaging', () => {
    const env = loadEnvironment({});
    expect(env.FACE_EMBEDDERS).toEqual(['fr', 'frnet']);
    expect(resolveEmbedders(env.FACE_EMBEDDERS, env.FACE_FLIP_AUGMENT)).toEqual([
      { name: 'fr', flip: false, modelVersion: 'fr_feature@faceplugin-0.0.1' },
      { name: 'frnet', flip: false, modelVersion: 'frnet@face-api-1.7.15' },
    ]);
  });

  it('reads FACE_EMBEDDERS as a comma-separated list and refuses unknown or repeated names', () => {
    expect(loadEnvironment({ FACE_EMBEDDERS: ' frnet ' }).FACE_EMBEDDERS).toEqual(['frnet']);
    expect(loadEnvironment({ FACE_EMBEDDERS: 'frnet,fr' }).FACE_EMBEDDERS).toEqual(['frnet', 'fr']);
    expect(() => loadEnvironment({ FACE_EMBEDDERS: 'fr,arcface' })).toThrow(/FACE_EMBEDDERS="fr,arcface"/);
    expect(() => loadEnvironment({ FACE_EMBEDDERS: 'fr,fr' })).toThrow(/FACE_EMBEDDERS/);
    expect(() => loadEnvironment({ FACE_EMBEDDERS: ',' })).toThrow(/FACE_EMBEDDERS/);
  });

  it('flip-averages only fr running alone, and only with FACE_FLIP_AUGMENT on', () => {
    expect(flipPays('fr', ['fr'])).toBe(true);
    expect(flipPays('fr', ['fr', 'frnet'])).toBe(false);
    expect(flipPays('frnet', ['frnet'])).toBe(false);
    expect(resolveEmbedders(['fr'], true)).toEqual([{ name: 'fr', flip: true, modelVersion: 'fr_feature@faceplugin-0.0.1+flip' }]);
    expect(resolveEmbedders(['fr'], false)[0].flip).toBe(false);
    expect(resolveEmbedders(['frnet', 'fr'], true, { frnet: true }).map((e) => e.modelVersion)).toEqual([
      'frnet@face-api-1.7.15+flip',
      'fr_feature@faceplugin-0.0.1',
    ]);
    expect(() => resolveEmbedders([], true)).toThrow(/at least one/);
    expect(() => resolveEmbedders(['fr', 'fr'], true)).toThrow(/listed twice/);
  });

  it('names what a comparison compares, mixed flip variants included', () => {
    expect(familyOf('fr_feature@faceplugin-0.0.1+flip')).toBe('fr_feature@faceplugin-0.0.1');
    expect(otherVariantOf('frnet@face-api-1.7.15')).toBe('frnet@face-api-1.7.15+flip');
    expect(otherVariantOf('frnet@face-api-1.7.15+flip')).toBe('frnet@face-api-1.7.15');
    expect(comparedVersion('x+flip', 'x')).toBe('x ~ x+flip');
    expect(comparedVersion('x', 'x')).toBe('x');
    expect(combinationKey(['frnet@1', 'fr_feature@1'])).toBe('fr_feature@1 & frnet@1');
  });
});
