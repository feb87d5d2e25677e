export * from './redis.module';
export * from './bull-connection';
export * from './queue.module';
export * from './job-queue';
