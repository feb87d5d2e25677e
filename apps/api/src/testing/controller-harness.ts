import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import { Provider, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { expect } from '@jest/globals';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ActiveApiKey, ApiKeyRepository } from '@app/audit';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { authenticateBeforeBody } from '../auth/authenticate-before-body';
import { GlobalErrorFilter } from '../http/error.filter';
import { answerFrameworkError, MAX_PATH_PARAM_LENGTH } from '../http/framework-errors';
import { registerBodyParsers } from '../http/json-body';
import { discardUnreadBodies } from '../http/request-body';
import { requestIdFor } from '../http/request-id';
import { createValidationPipe } from '../http/validation';

/** The organization every harness key acts for, and another one no key of it can reach. */
export const ORGANIZATION_ID = '6d3f9f0e-0000-4000-8000-000000000001';
export const OTHER_ORGANIZATION_ID = '6d3f9f0e-0000-4000-8000-000000000002';

const KEYS: Record<string, ActiveApiKey> = {
  'kyc_admin-key': { apiKeyId: randomUUID(), userId: randomUUID(), memberships: [{ organizationId: ORGANIZATION_ID, role: 'admin' }] },
  'kyc_member-key': { apiKeyId: randomUUID(), userId: randomUUID(), memberships: [{ organizationId: ORGANIZATION_ID, role: 'member' }] },
  'kyc_two-orgs-key': {
    apiKeyId: randomUUID(),
    userId: randomUUID(),
    memberships: [
      { organizationId: ORGANIZATION_ID, role: 'admin' },
      { organizationId: OTHER_ORGANIZATION_ID, role: 'member' },
    ],
  },
};

export const ADMIN = { authorization: 'Bearer kyc_admin-key' };
export const MEMBER = { authorization: 'Bearer kyc_member-key' };
export const TWO_ORGANIZATIONS = { authorization: 'Bearer kyc_two-orgs-key' };

/** The key lookup without PostgreSQL: three fixed keys. */
class FakeApiKeys {
  findActiveByKey(key: string): Promise<ActiveApiKey | null> {
    return Promise.resolve(KEYS[key] ?? null);
  }

  touchLastUsed(): Promise<void> {
    return Promise.resolve();
  }
}

export interface ControllerHarness {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The fast layer's HTTP stack: the given controllers on Fastify, behind the real API key guard,
 * validation pipe, error filter, JSON and multipart body parsers and request ids, as app.factory.ts wires
 * them, with the services (and the key lookup) replaced by fakes. No port, no database, no model.
 */
export async function startControllerHarness(controllers: Type[], providers: Provider[]): Promise<ControllerHarness> {
  const apiKeys = new FakeApiKeys() as unknown as ApiKeyRepository;
  const moduleRef = await Test.createTestingModule({
    controllers,
    providers: [
      ...providers,
      { provide: ApiKeyRepository, useValue: apiKeys },
      { provide: APP_GUARD, useClass: ApiKeyGuard },
      { provide: APP_FILTER, useClass: GlobalErrorFilter },
      { provide: APP_PIPE, useFactory: createValidationPipe },
    ],
  }).compile();
  const adapter = new FastifyAdapter({
    genReqId: requestIdFor,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { bodyParser: false, logger: false });
  // As in app.factory.ts: limits are the multipart reader's, per call.
  await app.register(multipart);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  authenticateBeforeBody(fastify, apiKeys);
  registerBodyParsers(fastify);
  discardUnreadBodies(fastify);
  app.setGlobalPrefix('api');
  await app.init();
  await fastify.ready();
  return { inject: (options) => app.inject(options), close: () => app.close() };
}

export interface ContractErrorBody {
  code: string;
  message: string;
  requestId: string;
  details?: Record<string, unknown>;
}

/** The contract's error body, checked: status, code, a message matching `message`, a request id. */
export function expectContractError(response: LightMyRequestResponse, status: number, code: string, message: RegExp): ContractErrorBody {
  const body = response.json<ContractErrorBody>();
  expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
  expect(body.message).toMatch(message);
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}
