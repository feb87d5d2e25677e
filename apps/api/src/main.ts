import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ensureDatabase } from '@app/audit';
import { environment, exitGracefullyOnSignals, InvalidEnvironmentError } from '@app/core';
import { createApiApp } from './app.factory';
import { drainHttpOnShutdown } from './http/http-drain';

async function bootstrap(): Promise<void> {
  const env = environment();
  await ensureDatabase(env.DATABASE_URL);
  const app = await createApiApp();
  const logger = new Logger('Api');
  const drainHttp = drainHttpOnShutdown(app.getHttpAdapter().getInstance());
  // Requests in flight finish (answered with Connection: close) before the modules they use close.
  const closeInOrder = { close: async () => (await drainHttp(), await app.close()) };
  exitGracefullyOnSignals(closeInOrder, 15_000, (message) => logger.log(message));
  await app.listen({ port: env.PORT, host: env.HOST });
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists: say plainly why the process refuses to start.
  process.stderr.write(`${error instanceof InvalidEnvironmentError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
