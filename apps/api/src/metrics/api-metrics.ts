import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName } from '@app/core';
import { FaceEngine, StageTimings } from '@app/face';
import { QUEUES_BY_NAME, registerQueueDepthGauge } from '@app/queue';

/** What decided something a client sees: a face match, a Biometric Check, a validation session. */
export type DecisionKind = 'face_match' | 'biometric_check' | 'session';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The API process's Prometheus series, in a registry of its own (one per application, so tests
 * that start several apps in one process do not collide). Labels are route patterns, statuses,
 * stages, warnings and queue names only: never an id, token, identity number, secret or image.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'kyc_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly faceStage = new Histogram({
    name: 'kyc_face_stage_duration_seconds',
    help: 'Face pipeline stage durations per analysed image (decode, detect, embed, liveness when run), measured on the worker thread',
    labelNames: ['stage'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'kyc_decisions_total',
    help: 'Decisions by kind (face_match, biometric_check, session) and status',
    labelNames: ['kind', 'status'],
    registers: [this.registry],
  });
  private readonly warnings = new Counter({
    name: 'kyc_decision_warnings_total',
    help: 'Warnings attached to decisions, by kind and warning',
    labelNames: ['kind', 'warning'],
    registers: [this.registry],
  });
  /** Images refused because the face engine's queue was full. */
  private readonly faceRejections = new Counter({
    name: 'kyc_face_queue_rejections_total',
    help: 'Images refused because the inference queue was full',
    registers: [this.registry],
  });

  constructor(engine: FaceEngine, @Inject(QUEUES_BY_NAME) queues: Record<QueueName, Queue>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kyc_api_' });
    new Gauge({
      name: 'kyc_face_queue_depth',
      help: 'Images waiting for a face worker thread in this process',
      registers: [this.registry],
      collect() {
        this.set(engine.queuedImages);
      },
    });
    registerQueueDepthGauge(this.registry, Object.values(queues));
    engine.onAnalysed((timings) => this.observeFace(timings));
    engine.onRejected((images) => this.faceRejections.inc(images));
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  recordDecision(kind: DecisionKind, status: string, warnings: readonly string[]): void {
    this.decisions.inc({ kind, status });
    for (const warning of warnings) this.warnings.inc({ kind, warning });
  }

  /** Every `<stage>Ms` the pipeline reports (so a stage added later, like liveness, appears by itself). */
  private observeFace(timings: StageTimings): void {
    for (const [key, value] of Object.entries(timings)) {
      if (key.endsWith('Ms') && typeof value === 'number') this.faceStage.observe({ stage: key.slice(0, -2) }, value / 1000);
    }
  }
}
