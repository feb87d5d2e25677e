/**
 * A typed client of the KYC biometrics API: a face match of two photos, then the organization's
 * latest face-match records. The types come from the API's own OpenAPI document (`npm run generate`
 * writes src/schema.d.ts from /docs-json); openapi-fetch checks every path, parameter, body and
 * response against them at compile time.
 *
 *   KYC_API_URL=http://localhost:3000 KYC_API_KEY=kyc_... node dist/main.js document.jpg selfie.jpg
 *
 * Exits 1, saying why, when a call fails or the new record is missing from the list.
 */
import { readFileSync } from 'node:fs';
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type ErrorBody = components['schemas']['ErrorResponseDto'];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The contract's error body, as one line (`INVALID_REQUEST: selfieImage: ... (request 9f3c...)`). */
function describe(error: ErrorBody, response: Response): string {
  return `HTTP ${response.status} ${error.code}: ${error.message} (request ${error.requestId})`;
}

async function main(): Promise<void> {
  const [documentPath, selfiePath] = process.argv.slice(2);
  if (!documentPath || !selfiePath) throw new Error('usage: node dist/main.js <document-photo> <selfie-photo>');

  const client = createClient<paths>({
    baseUrl: process.env['KYC_API_URL'] ?? 'http://localhost:3000',
    headers: { authorization: `Bearer ${required('KYC_API_KEY')}` },
  });

  // Image fields take a file part or a base64 string; base64 keeps the body a plain typed object.
  const match = await client.POST('/api/kyc/face-match', {
    body: {
      documentImage: readFileSync(documentPath).toString('base64'),
      selfieImage: readFileSync(selfiePath).toString('base64'),
      vendorData: 'typescript-client-example',
    },
    bodySerializer(body) {
      const form = new FormData();
      for (const [name, value] of Object.entries(body)) if (value !== undefined) form.append(name, String(value));
      return form;
    },
  });
  if (match.error) throw new Error(`face match: ${describe(match.error, match.response)}`);
  const { status, score, warnings, verificationId } = match.data;
  console.log(`face match ${verificationId}: ${status}, score ${score ?? 'none'}, warnings [${warnings.join(', ')}]`);

  const list = await client.GET('/api/kyc/face-match/verifications', { params: { query: { limit: 5 } } });
  if (list.error) throw new Error(`list: ${describe(list.error, list.response)}`);
  const { verifications, pagination } = list.data;
  console.log(`latest ${verifications.length} of ${pagination.total} verifications:`);
  for (const record of verifications) console.log(`  ${record.createdAt}  ${record.id}  ${record.status}  ${record.score ?? '-'}`);
  if (!verifications.some((record) => record.id === verificationId))
    throw new Error(`the new verification ${verificationId} is not listed`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
