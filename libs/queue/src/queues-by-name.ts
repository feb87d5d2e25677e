import { getQueueToken } from '@nestjs/bullmq';
import { Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES, QueueName } from '@app/core';

/** Injection token of every registered queue by its name (`Record<QueueName, Queue>`). */
export const QUEUES_BY_NAME = Symbol('QUEUES_BY_NAME');

const QUEUE_NAMES = Object.values(QUEUES);

/** Built from QUEUES itself: a queue added there is registered and reachable by name with no other change. */
export const queuesByNameProvider: Provider = {
  provide: QUEUES_BY_NAME,
  inject: QUEUE_NAMES.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]): Record<QueueName, Queue> =>
    Object.fromEntries(QUEUE_NAMES.map((name, index) => [name, queues[index]])) as Record<QueueName, Queue>,
};
