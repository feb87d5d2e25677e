import { Processor } from '@nestjs/bullmq';
import { applyDecorators, Injectable, OnModuleInit, SetMetadata, Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { WorkerOptions } from 'bullmq';
import { environment, JOB_POLICIES, JobName, JobPolicy, QueueName } from '@app/core';

const HANDLED_JOBS = 'kyc:handled-jobs';

/** What a processor declares: the queue it consumes and the jobs its `process` switch handles. */
export interface HandlerDeclaration {
  processor: string;
  queue: QueueName;
  jobs: readonly JobName[];
}

/**
 * The lock options every worker shares (WORKER_JOB_LOCK_SECONDS). Getters, because the decorator
 * runs when the module is imported, before the environment is validated: @nestjs/bullmq copies
 * these options (`{ ...options }`) only when it creates the worker at start-up, and the getters
 * read the validated environment then.
 */
export const jobLockOptions: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'> = {
  get lockDuration() {
    return environment().WORKER_JOB_LOCK_SECONDS * 1000;
  },
  get stalledInterval() {
    return environment().WORKER_JOB_LOCK_SECONDS * 1000;
  },
};

/**
 * `@Processor(queue)` that also declares the jobs the class handles, so the worker can refuse to
 * start when a job name of libs/core has no handler (its jobs would wait in Redis for ever).
 */
export function JobProcessor(queue: QueueName, jobs: readonly JobName[]): ClassDecorator {
  return applyDecorators(Processor(queue, jobLockOptions), SetMetadata(HANDLED_JOBS, { queue, jobs }));
}

/**
 * Why the declared handlers do not cover the job table: a job nobody handles, a job handled on a
 * queue its policy does not send it to, a job handled twice. Empty when every job has one handler.
 */
export function jobHandlerProblems(
  declared: readonly HandlerDeclaration[],
  policies: Readonly<Record<string, JobPolicy>> = JOB_POLICIES,
): string[] {
  const problems: string[] = [];
  for (const [job, policy] of Object.entries(policies)) {
    const handlers = declared.filter((handler) => (handler.jobs as readonly string[]).includes(job));
    if (handlers.length === 0) problems.push(`job "${job}" (queue "${policy.queue}") has no handler`);
    if (handlers.length > 1) problems.push(`job "${job}" is handled by ${handlers.map((handler) => handler.processor).join(' and ')}`);
    for (const handler of handlers.filter((candidate) => candidate.queue !== policy.queue)) {
      problems.push(`job "${job}" is enqueued on "${policy.queue}" but ${handler.processor} consumes "${handler.queue}"`);
    }
  }
  return problems;
}

/** What a class declared with `@JobProcessor`; null for any other class. */
export function declarationOf(type: Type): HandlerDeclaration | null {
  const handled = Reflect.getMetadata(HANDLED_JOBS, type) as Omit<HandlerDeclaration, 'processor'> | undefined;
  return handled ? { processor: type.name, ...handled } : null;
}

/** Refuses to start the worker, naming each problem, unless every job name has exactly one handler. */
@Injectable()
export class JobHandlerCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const declared = this.discovery.getProviders().flatMap((wrapper) => {
      const declaration = wrapper.metatype ? declarationOf(wrapper.metatype as Type) : null;
      return declaration ? [declaration] : [];
    });
    const problems = jobHandlerProblems(declared);
    if (problems.length > 0) {
      throw new Error(`The worker cannot start: ${problems.join('; ')} (declare it with @JobProcessor on a processor of its queue)`);
    }
  }
}
