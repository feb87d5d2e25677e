import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitGracefullyOnSignals, InvalidEnvironmentError } from '@app/core';
import { WorkerModule } from './worker.module';

/** The worker: an application context (no HTTP) that consumes the BullMQ queues. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.withClock(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  const logger = app.get(Logger);
  exitGracefullyOnSignals(app, 30_000, (message) => logger.log(message, 'Worker'));
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof InvalidEnvironmentError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
