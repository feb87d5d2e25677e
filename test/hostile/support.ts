import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApi, TestApi, TestOrganization } from '../support/app';
import { blankImage } from '../support/faces';

/** What a hostile-input suite needs: the real app, one organization with every integration on, and a valid image. */
export interface HostileContext {
  api: TestApi;
  org: TestOrganization;
  /** A valid 400×300 PNG with no face: passes every image rule, cheap to analyse. */
  image: Buffer;
}

export async function startHostileApi(suite: string): Promise<HostileContext> {
  const api = await startTestApi(suite);
  const org = await api.createOrganization(`Hostile ${suite}`);
  const settings = await api.app.inject({
    method: 'PATCH',
    url: '/api/organizations/current/kyc-settings',
    headers: org.headers,
    payload: {
      faceMatch: { enabled: true },
      kycValidation: { enabled: true, webhookUrl: 'http://127.0.0.1:9/hooks', webhookSecret: 'a-long-enough-webhook-secret' },
    },
  });
  if (settings.statusCode !== 200) throw new Error(`could not set up the organization: ${settings.body}`);
  return { api, org, image: await blankImage() };
}

export interface ErrorResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/** The contract's error: the status, the code, a message naming what is wrong, the request id in the body and the header. */
export function expectContractError(
  response: ErrorResponse,
  status: number,
  code: string,
  message: RegExp,
): { code: string; message: string; requestId: string } {
  let body: { code: string; message: string; requestId: string };
  try {
    body = response.json() as typeof body;
  } catch {
    throw new Error(`expected a JSON error body, got ${response.statusCode} ${response.body.slice(0, 200)}`);
  }
  expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
  expect(body.message).toMatch(message);
  expect(typeof body.requestId).toBe('string');
  expect(response.headers['x-request-id']).toBe(body.requestId);
  return body;
}

/** The process still answers: a cheap authenticated read works. */
export async function expectAlive(context: HostileContext): Promise<void> {
  const response = await context.api.app.inject({ method: 'GET', url: '/api/organizations/current', headers: context.org.headers });
  expect(response.statusCode).toBe(200);
}

/** Stored files (images, pending documents), the development key folder aside. */
export function storedFiles(storageDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(storageDir, path));
    }
  };
  walk(storageDir);
  return found.filter((path) => !path.startsWith('keys'));
}

export interface AuditRow {
  status: string;
  error_message: string | null;
  threshold?: number;
  vendor_data?: string | null;
  double_check_renaper?: boolean;
}

/** The face-match audit row of a request, or null. */
export async function faceMatchRow(context: HostileContext, requestId: string): Promise<AuditRow | null> {
  const rows: AuditRow[] = await context.api.app
    .get(DataSource)
    .query(
      'SELECT status, error_message, threshold::float AS threshold, vendor_data, double_check_renaper FROM face_match_verifications WHERE request_id = $1',
      [requestId],
    );
  return rows[0] ?? null;
}

/** The biometric-check audit row of a request, or null. */
export async function biometricRow(context: HostileContext, requestId: string): Promise<AuditRow | null> {
  const rows: AuditRow[] = await context.api.app
    .get(DataSource)
    .query('SELECT status, error_message FROM biometric_checks WHERE request_id = $1', [requestId]);
  return rows[0] ?? null;
}

export type Part = [name: string, value: string | { bytes: Buffer; filename?: string; contentType?: string }];

/** A multipart body from an ordered list of parts (a name may repeat), like a browser's FormData. */
export async function formBody(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.bytes], { type: value.contentType ?? 'image/png' }), value.filename ?? `${name}.png`);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') ?? '' } };
}

/** A new validation session for a new entity: its id and the hosted page token. */
export async function openSession(context: HostileContext): Promise<{ validationId: string; token: string }> {
  const entity = await context.api.app.inject({
    method: 'POST',
    url: '/api/entities',
    headers: context.org.headers,
    payload: { type: 'person' },
  });
  const created = await context.api.app.inject({
    method: 'POST',
    url: '/api/kyc/validations',
    headers: context.org.headers,
    payload: { entityId: entity.json<{ id: string }>().id },
  });
  const body = created.json<{ id: string; providerSessionUrl: string }>();
  return { validationId: body.id, token: body.providerSessionUrl.split('/').pop() ?? '' };
}
