import underPressure from '@fastify/under-pressure';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_RETRY_AFTER_SECONDS, PressureConfig } from '@app/core';

/** Health answers stay cheap and honest under load: a load balancer must still reach them. */
const EXEMPT_ROUTES = new Set(['/health', '/health/ready', '/health/event-loop']);

/** How often memory and event-loop delay are sampled. */
const SAMPLE_INTERVAL_MS = 500;

const WHAT_IS_SATURATED: Record<string, string> = {
  eventLoopDelay: 'its event loop is delayed',
  heapUsedBytes: 'its memory (heap) is above the limit',
  rssBytes: 'its memory (RSS) is above the limit',
};

/**
 * Answers 503 SERVICE_UNAVAILABLE (the contract's body, with Retry-After) to every request but the
 * health checks while the process is saturated: event-loop delay, heap or resident memory above
 * the PRESSURE_* limits. The face engine's queue limit refuses a flood earlier; this is the last
 * guard that keeps the process alive and its health answers fast.
 */
export async function refuseWorkUnderPressure(app: NestFastifyApplication, config: PressureConfig): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.maxHeapUsedBytes,
    maxRssBytes: config.maxRssBytes,
    sampleInterval: SAMPLE_INTERVAL_MS,
    pressureHandler: (request: FastifyRequest, reply: FastifyReply, type: string) => {
      if (EXEMPT_ROUTES.has(request.routeOptions.url ?? '')) return undefined;
      const what = WHAT_IS_SATURATED[type] ?? 'it is saturated';
      // Resolves once the answer is written, so the request goes no further (the reply is thenable).
      return new Promise<void>((resolve) => {
        reply
          .status(503)
          .header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS))
          .header('content-type', 'application/json; charset=utf-8')
          .send({
            code: 'SERVICE_UNAVAILABLE',
            message: `The service is overloaded (${what}); retry after the time in Retry-After`,
            requestId: request.id,
          })
          .then(
            () => resolve(),
            () => resolve(),
          );
      });
    },
  });
}
