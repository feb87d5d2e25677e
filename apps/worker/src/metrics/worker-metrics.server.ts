import { createServer, Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { httpConfig, HttpConfig, METRICS_UNAUTHORIZED_MESSAGE, metricsAccessAllowed, workerConfig, WorkerConfig } from '@app/core';
import { WorkerMetrics } from './worker-metrics';

/**
 * `GET /metrics` of the worker on WORKER_METRICS_PORT (off when 0): the worker has no other HTTP,
 * so a bare node:http listener serves this one path. Bearer ADMIN_TOKEN whenever one is set.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerMetrics');
  private server: Server | null = null;

  constructor(
    private readonly metrics: WorkerMetrics,
    @Inject(workerConfig.KEY) private readonly config: WorkerConfig,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === 0) return;
    const server = createServer((request, response) => {
      const answer = (status: number, body: string, type = 'application/json') =>
        response.writeHead(status, { 'content-type': type }).end(body);
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics')
        return answer(404, JSON.stringify({ code: 'NOT_FOUND', message: 'Only GET /metrics is served here' }));
      if (!metricsAccessAllowed(request.headers.authorization, this.http.adminToken))
        return answer(401, JSON.stringify({ code: 'UNAUTHORIZED', message: METRICS_UNAUTHORIZED_MESSAGE }));
      this.metrics.registry.metrics().then(
        (text) => answer(200, text, this.metrics.registry.contentType),
        (error: Error) =>
          answer(500, JSON.stringify({ code: 'VERIFICATION_FAILED', message: `metrics could not be collected: ${error.message}` })),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, this.config.metricsHost, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics at http://${this.config.metricsHost}:${this.config.metricsPort}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
