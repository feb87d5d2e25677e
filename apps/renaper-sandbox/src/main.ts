import { InvalidEnvironmentError } from '@app/core';
import { sandboxSettingsFromEnvironment } from './config/sandbox-environment';
import { startWithSettings } from './sandbox';

/** `npm run start:renaper-sandbox`: the sandbox from the environment (RENAPER_SANDBOX_*), until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const sandbox = await startWithSettings(sandboxSettingsFromEnvironment(process.env));
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`RENAPER sandbox: ${signal}, closing\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`RENAPER sandbox: close failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Before (or instead of) the logger: say plainly why the process refuses to start.
  process.stderr.write(`${error instanceof InvalidEnvironmentError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
