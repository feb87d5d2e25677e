import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import {
  environment,
  faceConfig,
  FaceConfig,
  httpConfig,
  HttpConfig,
  kycValidationsConfig,
  KycValidationsConfig,
  pressureConfig,
  PressureConfig,
} from '@app/core';
import { ApiKeyRepository } from '@app/audit';
import { Clock } from '@app/session';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { ApiModule } from './api.module';
import { authenticateBeforeBody } from './auth/authenticate-before-body';
import { IMAGE_JSON_ROUTES, jsonBodyLimitFor } from './biometric/biometric-input';
import { answerClientError, answerFrameworkError, MAX_PATH_PARAM_LENGTH } from './http/framework-errors';
import { registerBodyParsers } from './http/json-body';
import { refuseWorkUnderPressure } from './http/pressure';
import { discardUnreadBodies } from './http/request-body';
import { requestIdFor } from './http/request-id';
import { ApiMetrics } from './metrics/api-metrics';
import { registerHttpMetrics } from './metrics/http-metrics';
import { setupSwagger } from './swagger';

const JSON_BODY_LIMIT = 1024 * 1024;
/** The hosted page sends no JSON worth more than this (consent is `{}`); its uploads are multipart, read only for an open session. */
const HOSTED_JSON_BODY_LIMIT = 16 * 1024;

/**
 * Builds the configured API application without listening, for main.ts and the HTTP tests alike;
 * a test may hand in the session clock (shared with its in-process worker).
 */
export async function createApiApp(options: { clock?: Clock } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: JSON_BODY_LIMIT,
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (never from anyone).
    trustProxy: environment().TRUST_PROXY,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // Errors Fastify and Node raise outside the routes still get the contract's body and a request id.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  // bodyParser off: the JSON parser is ours (registerBodyParsers); JSON is the only body the contract takes besides multipart.
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.withClock(options.clock), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  // Multipart limits are enforced per call by the reader (per field, per image), not globally.
  await app.register(multipart);
  const fastify = app.getHttpAdapter().getInstance();
  // The Biometric Check and Liveness take their image inside a JSON body: those routes alone get room for it.
  const biometricBodyLimit = jsonBodyLimitFor(app.get<FaceConfig>(faceConfig.KEY).imageMaxBytes);
  fastify.addHook('onRoute', (route) => {
    if (IMAGE_JSON_ROUTES.includes(route.url)) route.bodyLimit = biometricBodyLimit;
    if (route.url.startsWith('/kyc/session/')) route.bodyLimit = HOSTED_JSON_BODY_LIMIT;
  });
  registerHttpMetrics(fastify, app.get(ApiMetrics));
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Saturation is checked first: it costs nothing, and a refused request reads no key and no body.
  await refuseWorkUnderPressure(app, app.get<PressureConfig>(pressureConfig.KEY));
  authenticateBeforeBody(fastify, app.get(ApiKeyRepository));
  registerBodyParsers(fastify);
  discardUnreadBodies(fastify);
  app.setGlobalPrefix('api', {
    exclude: ['metrics', 'health', 'health/ready', 'health/event-loop', 'kyc/session/{*hostedPath}', 'kyc/hosted/{*hostedAsset}'],
  });
  setupSwagger(app, app.get<KycValidationsConfig>(kycValidationsConfig.KEY).publicBaseUrl);
  await mountQueueDashboard(app, app.get<HttpConfig>(httpConfig.KEY).adminToken);
  return app;
}
