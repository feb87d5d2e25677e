export * from './redis.module';
export * from './bull-connection';
export * from './queue.module';
export * from './job-queue';
export * from './webhook-dispatcher';
export * from './queue-depth-gauge';
export { QUEUES_BY_NAME } from './queues-by-name';
