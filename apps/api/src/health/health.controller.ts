import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_RETRY_AFTER_SECONDS, DomainError, httpConfig, HttpConfig } from '@app/core';
import { isOperatorBearer } from '../admin/operator-token';
import { Public } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../http/api-error-responses';
import { EventLoopReport, HealthService, ReadinessReport } from './health.service';

/**
 * Health for load balancers (public: up or down, nothing else) and for the deployment's operators
 * (`Authorization: Bearer <ADMIN_TOKEN>`: each dependency, its error, every queue's depth).
 */
@ApiTags('Health')
@Public()
// A malformed URL (a bad percent-encoding) is the only client error a health route can meet.
@ApiErrorResponses(400)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('event-loop')
  @ApiOperation({
    summary: 'Operators only (Bearer ADMIN_TOKEN): event-loop delay percentiles since the previous call (then a new window starts)',
  })
  @ApiErrorResponses(401)
  eventLoop(@Req() request: FastifyRequest): EventLoopReport {
    this.requireOperator(request);
    return this.health.eventLoop();
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: database, Redis and face models; 503 when one is not usable. Details for operators (Bearer ADMIN_TOKEN) only',
  })
  @ApiResponse({
    status: 503,
    description: 'Not ready: `{ "status": "down" }` (operators also see which dependency failed)',
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer', minimum: 1 } } },
  })
  async ready(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReadinessReport | Pick<ReadinessReport, 'status'>> {
    const report = await this.health.readiness();
    reply.status(report.status === 'ok' ? 200 : 503);
    if (report.status !== 'ok') reply.header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS));
    return this.isOperator(request) ? report : { status: report.status };
  }

  private isOperator(request: FastifyRequest): boolean {
    return isOperatorBearer(request.headers.authorization, this.http.adminToken);
  }

  private requireOperator(request: FastifyRequest): void {
    if (this.isOperator(request)) return;
    const how = this.http.adminToken
      ? 'send "Authorization: Bearer <ADMIN_TOKEN>"'
      : 'set ADMIN_TOKEN and send it as "Authorization: Bearer <ADMIN_TOKEN>"';
    throw new DomainError('UNAUTHORIZED', `This health report is for the deployment's operators: ${how}`);
  }
}
