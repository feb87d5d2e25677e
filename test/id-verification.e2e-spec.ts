import { expect } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dniData, dniPerson, type SyntheticPerson } from '@app/document/testing';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { IdVerificationListResponseDto, IdVerificationResponseDto } from '../apps/api/src/id-verification/id-verification.dto';
import { photographCard, renderDniFront } from './support/dni-card';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { samplePhoto } from './support/faces';
import { ErrorBody, json } from './support/http';
import { file, multipart } from './support/multipart';

/** POST /api/kyc/id-verification end to end: real PostgreSQL, models, reader thread, synthetic cards. */
describe('ID verification (the Argentine DNI)', () => {
  let api: TestApi;
  let org: TestOrganization;
  async function cardPhoto(overrides: Partial<SyntheticPerson> = {}, options: Parameters<typeof renderDniFront>[1] = {}): Promise<Buffer> {
    const card = await renderDniFront(dniPerson(overrides), { portrait: samplePhoto(2), ...options });
    return photographCard(card, { name: 'e2e', rotation: 3, jpegQuality: 80, cardWidth: 1000 });
  }

  async function verify(front: Buffer | undefined, fields: Record<string, string> = {}, headers = org.headers) {
    const body = await multipart({ ...(front && { documentFront: file(front) }), ...fields });
    return api.app.inject({
      method: 'POST',
      url: '/api/kyc/id-verification',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  }

  beforeAll(async () => {
    api = await startTestApi('id_verification');
    org = await api.createOrganization();
    const enabled = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: org.headers,
      payload: { idVerification: { enabled: true } },
    });
    expect(enabled.json()).toMatchObject({ idVerification: { enabled: true } });
  });
  afterAll(() => api.close());

  it('answers NOT_ENABLED for an organization that has not turned it on, and audits the call', async () => {
    const other = await api.createOrganization();
    const response = await verify(await cardPhoto(), {}, other.headers);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'NOT_ENABLED' });
    const list = await api.app.inject({ method: 'GET', url: '/api/kyc/id-verification/verifications', headers: other.headers });
    expect(list.json()).toMatchObject({ verifications: [{ status: 'failed' }], pagination: { total: 1 } });
  });

  it('approves a current card, returns its data, and keeps the identity numbers sealed at rest', async () => {
    const front = await cardPhoto();
    const response = await verify(front, { vendorData: 'customer-1' });
    expect(response.statusCode).toBe(200);
    const body = json<IdVerificationResponseDto>(response);
    expect(body).toMatchObject({
      status: 'approved',
      warnings: [],
      extractedData: dniData(), // every field as the card prints it
    });
    const record = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/id-verification/verifications/${body.verificationId}`,
      headers: org.headers,
    });
    expect(record.json()).toMatchObject({
      status: 'approved',
      vendorData: 'customer-1',
      extractedData: { documentNumber: '28456712' },
      hasDocumentFrontImage: true,
    });
    const image = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/id-verification/verifications/${body.verificationId}/document-front-image`,
      headers: org.headers,
    });
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.equals(front)).toBe(true);
    const raw = await api.app
      .get(DataSource)
      .query<{ sealed: string; details: string }[]>(
        `SELECT extracted_data_sealed::text AS sealed, details::text AS details FROM id_verifications WHERE id = $1`,
        [body.verificationId],
      );
    for (const secret of ['28456712', '623451287', 'SOSA']) {
      expect(Buffer.from(raw[0].sealed.replace(/^\\x/, ''), 'hex').toString('latin1')).not.toContain(secret);
      expect(raw[0].details).not.toContain(secret);
    }
  });

  it('warns BARCODE_NOT_DETECTED when the barcode cannot be found', async () => {
    const response = await verify(await cardPhoto({}, { withoutBarcode: true }));
    expect(response.json()).toMatchObject({ status: 'declined', warnings: ['BARCODE_NOT_DETECTED'], extractedData: null });
  });

  it('warns BARCODE_VALIDATION_FAILED when the barcode is not a valid DNI', async () => {
    const response = await verify(await cardPhoto({}, { barcodeText: '00623451287@SOSA@MARIA@Q@28456712@B@09/03/1981@15/06/2019' }));
    expect(response.json()).toMatchObject({ status: 'declined', warnings: ['BARCODE_VALIDATION_FAILED'], extractedData: null });
  });

  it('warns DOCUMENT_EXPIRED for a card issued more than 15 years ago', async () => {
    const response = await verify(await cardPhoto({ emission: '10/01/2009' }));
    expect(response.json()).toMatchObject({
      status: 'declined',
      warnings: ['DOCUMENT_EXPIRED'],
      extractedData: { expiryDate: '2024-01-10' },
    });
  });

  it('warns MINIMUM_AGE_NOT_MET below minimumAge', async () => {
    const response = await verify(await cardPhoto({ birth: '01/01/2010', emission: '02/01/2025' }), { minimumAge: '18' });
    expect(response.json()).toMatchObject({ status: 'declined', warnings: ['MINIMUM_AGE_NOT_MET'] });
  });

  it('warns DATA_INCONSISTENT when the card disagrees with the entity', async () => {
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', taxId: '27-28456713-8', person: { lastName: 'Sosa' } },
    });
    expect(entity.statusCode).toBe(201);
    const response = await verify(await cardPhoto(), { entityId: json<EntityResponseDto>(entity).id });
    expect(response.json()).toMatchObject({ status: 'declined', warnings: ['DATA_INCONSISTENT'] });
  });

  it('warns PORTRAIT_IMAGE_NOT_DETECTED when the front has no face', async () => {
    const card = await renderDniFront(dniPerson());
    const response = await verify(await photographCard(card, { name: 'no-face', cardWidth: 1000 }));
    expect(response.json()).toMatchObject({ status: 'declined', warnings: ['PORTRAIT_IMAGE_NOT_DETECTED'] });
  });

  it('refuses a call without documentFront with INVALID_REQUEST, audited as failed', async () => {
    const response = await verify(undefined, { vendorData: 'no-front' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(json<ErrorBody>(response).message).toMatch(/documentFront is required/);
    const list = await api.app.inject({ method: 'GET', url: '/api/kyc/id-verification/verifications?status=failed', headers: org.headers });
    expect(json<IdVerificationListResponseDto>(list).verifications.some((v) => v.vendorData === 'no-front')).toBe(true);
  });

  it("hides another organization's records (NOT_FOUND) and erases card images and data with the entity", async () => {
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: org.headers,
      payload: { type: 'person', person: { idNumber: '28456712' } },
    });
    const entityId = json<EntityResponseDto>(entity).id;
    const created = json<IdVerificationResponseDto>(await verify(await cardPhoto(), { entityId }));
    expect(created.status).toBe('approved');
    const stranger = await api.createOrganization();
    const hidden = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/id-verification/verifications/${created.verificationId}`,
      headers: stranger.headers,
    });
    expect(hidden.statusCode).toBe(404);

    const erased = await api.app.inject({ method: 'DELETE', url: `/api/entities/${entityId}/biometrics`, headers: org.headers });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ idVerifications: 1 });
    const after = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/id-verification/verifications/${created.verificationId}`,
      headers: org.headers,
    });
    expect(after.json()).toMatchObject({ status: 'approved', extractedData: null, hasDocumentFrontImage: false });
    const image = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/id-verification/verifications/${created.verificationId}/document-front-image`,
      headers: org.headers,
    });
    expect(image.statusCode).toBe(404);
  });
});
