import { faceMatchImagePath, kycValidationImagePath } from './image-paths';

describe('faceMatchImagePath', () => {
  const org = '0b7f6a52-8a43-4c1e-9d0b-2f4a5e6c7d8e';
  const verification = '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('groups images by organization and verification', () => {
    expect(faceMatchImagePath(org, verification, 'document', 'jpg')).toBe(`organizations/${org}/face-match/${verification}/document.jpg`);
    expect(faceMatchImagePath(org, verification, 'selfie', 'png')).toBe(`organizations/${org}/face-match/${verification}/selfie.png`);
  });

  it('writes the jpeg format as .jpg', () => {
    expect(faceMatchImagePath(org, verification, 'selfie', 'jpeg')).toMatch(/\/selfie\.jpg$/);
  });

  it('refuses ids that could climb out of their folder', () => {
    expect(() => faceMatchImagePath('../other', verification, 'document', 'jpg')).toThrow(/organizationId/);
    expect(() => faceMatchImagePath(org, 'a/b', 'document', 'jpg')).toThrow(/verificationId/);
    expect(() => faceMatchImagePath(org, '', 'document', 'jpg')).toThrow(/verificationId/);
  });
});

describe('kycValidationImagePath', () => {
  const org = '0b7f6a52-8a43-4c1e-9d0b-2f4a5e6c7d8e';
  const validation = '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it("groups a session's images by organization and validation, without an extension", () => {
    expect(kycValidationImagePath(org, validation, 'document')).toBe(`organizations/${org}/kyc-validations/${validation}/document`);
    expect(kycValidationImagePath(org, validation, 'selfie')).toBe(`organizations/${org}/kyc-validations/${validation}/selfie`);
  });

  it('refuses ids that could climb out of their folder', () => {
    expect(() => kycValidationImagePath(org, '../x', 'selfie')).toThrow(/validationId/);
  });
});
