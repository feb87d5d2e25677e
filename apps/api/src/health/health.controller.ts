import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { EventLoopReport, HealthService, ReadinessReport } from './health.service';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('event-loop')
  @ApiOperation({ summary: 'Event-loop delay percentiles of the API since the previous call (then a new window starts)' })
  eventLoop(): EventLoopReport {
    return this.health.eventLoop();
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, Redis and face models; 503 when one is not usable' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.health.readiness();
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
