import { Global, Module } from '@nestjs/common';
import { WorkerMetrics } from './worker-metrics';
import { WorkerMetricsServer } from './worker-metrics.server';

/** The worker's Prometheus series and their listener; global so processors can record outcomes. */
@Global()
@Module({ providers: [WorkerMetrics, WorkerMetricsServer], exports: [WorkerMetrics] })
export class WorkerMetricsModule {}
