import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { SandboxLogLevel } from './config/sandbox-settings';
import { registerControlRoutes, type ControlRouteDeps } from './control/control-routes';
import { registerRegistryRoutes, type RegistryRouteDeps } from './registry/registry-routes';

export interface SandboxServerDeps extends RegistryRouteDeps, Omit<ControlRouteDeps, 'state' | 'people'> {
  logLevel: SandboxLogLevel;
}

/** A base64 selfie of the contract's largest image (5 MB) is about 6.7 MB of JSON. */
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export function buildSandboxServer(deps: SandboxServerDeps): FastifyInstance {
  const app = Fastify({
    logger: { level: deps.logLevel },
    // Request logs would carry the DNI in query strings; the routes log without it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Slow answers (latencyMs) must not hold a shutdown for their whole delay.
    forceCloseConnections: true,
  });

  // token.php takes an HTML form; a dependency for one line of parsing is not worth it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body.toString())));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'sandbox error');
    return reply.code(status).send({ codigo_http: status, mensaje: status >= 500 ? 'Error interno' : error.message });
  });

  registerRegistryRoutes(app, deps);
  registerControlRoutes(app, deps);
  return app;
}
