import 'reflect-metadata';
import { ensureDatabase } from '@app/audit';
import { environment, InvalidEnvironmentError } from '@app/core';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const env = environment();
  await ensureDatabase(env.DATABASE_URL);
  const app = await createApiApp();
  await app.listen({ port: env.PORT, host: env.HOST });
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists: say plainly why the process refuses to start.
  process.stderr.write(`${error instanceof InvalidEnvironmentError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
