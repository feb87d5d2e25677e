import { randomBytes } from 'node:crypto';
import { BiometricCipher, isEnvelope } from '@app/storage';
import { openFaceTemplate, sealFaceTemplate } from './face-template-codec';

describe('face template codec', () => {
  const cipher = new BiometricCipher([{ id: 'k1', key: randomBytes(32) }], 'k1');
  const vector = Array.from({ length: 512 }, (_, i) => Math.sin(i) / 16);
  const template = {
    embeddings: [
      { modelVersion: 'fr_feature@x', vector },
      { modelVersion: 'frnet@y', vector: vector.slice(0, 128) },
    ],
  };

  it('seals a template into an envelope that does not show the vectors or be read without the key', () => {
    const sealed = sealFaceTemplate(cipher, template);
    expect(isEnvelope(sealed)).toBe(true);
    expect(sealed.includes(Buffer.from('fr_feature'))).toBe(false);
    const other = new BiometricCipher([{ id: 'k1', key: randomBytes(32) }], 'k1');
    expect(() => openFaceTemplate(other, sealed)).toThrow(/Authentication failed/);
  });

  it('opens the same model versions and the vectors to float32 precision', () => {
    const opened = openFaceTemplate(cipher, sealFaceTemplate(cipher, template));
    expect(opened.embeddings.map((e) => e.modelVersion)).toEqual(['fr_feature@x', 'frnet@y']);
    const first = opened.embeddings[0].vector;
    expect(first).toHaveLength(512);
    first.forEach((value, i) => expect(value).toBeCloseTo(vector[i], 6));
  });
});
