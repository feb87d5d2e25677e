import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { DomainError, httpConfig, HttpConfig, METRICS_UNAUTHORIZED_MESSAGE, metricsAccessAllowed } from '@app/core';
import { Public } from '../auth/auth.decorators';
import { ApiMetrics } from './api-metrics';

/** Prometheus scrapes `GET /metrics` (not under /api); Bearer ADMIN_TOKEN whenever one is set. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!metricsAccessAllowed(authorization, this.http.adminToken)) throw new DomainError('UNAUTHORIZED', METRICS_UNAUTHORIZED_MESSAGE);
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
