import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { faceConfig, FaceConfig, httpConfig, HttpConfig } from '@app/core';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { ApiModule } from './api.module';
import { IMAGE_JSON_ROUTES, jsonBodyLimitFor } from './biometric/biometric-input';
import { requestIdFor } from './http/request-id';
import { setupSwagger } from './swagger';

const JSON_BODY_LIMIT = 1024 * 1024;

/** Builds the configured API application without listening, for main.ts and the HTTP tests alike. */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ genReqId: requestIdFor, requestIdHeader: false, bodyLimit: JSON_BODY_LIMIT, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  // Multipart limits are enforced per call by the reader (per field, per image), not globally.
  await app.register(multipart);
  const fastify = app.getHttpAdapter().getInstance();
  // The Biometric Check and Liveness take their image inside a JSON body: those routes alone get room for it.
  const biometricBodyLimit = jsonBodyLimitFor(app.get<FaceConfig>(faceConfig.KEY).imageMaxBytes);
  fastify.addHook('onRoute', (route) => {
    if (IMAGE_JSON_ROUTES.includes(route.url)) route.bodyLimit = biometricBodyLimit;
  });
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Any other content type reaches the handler, which answers INVALID_REQUEST (and audits the call)
  // instead of Fastify's bare 415.
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, undefined));
    payload.on('error', (error) => done(error, undefined));
  });
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready', 'health/event-loop', 'kyc/session/{*hostedPath}', 'kyc/hosted/{*hostedAsset}'] });
  setupSwagger(app);
  await mountQueueDashboard(app, app.get<HttpConfig>(httpConfig.KEY).adminToken);
  return app;
}
