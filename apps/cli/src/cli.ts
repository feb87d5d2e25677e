import { parseArgs, ParseArgsConfig } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { openMigratedDataSource } from '@app/audit';
import { DomainError, environment, InvalidEnvironmentError } from '@app/core';
import { CliModule } from './cli.module';
import { CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './cli-io';
import { COMMANDS } from './commands';
import { CliCommand, OptionValues } from './commands/command';
import { commandHelp, generalHelp } from './help';

function parseOptions(command: CliCommand<unknown>, args: string[]): OptionValues {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as OptionValues;
  } catch (error) {
    // node:util's messages name the offending option ("Unknown option '--nme'"), which is what the user needs.
    throw new UsageError((error as Error).message);
  }
}

/** What the user sees for a failure that is not a usage mistake. */
function describeFailure(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  // Errors carrying a code (ECONNREFUSED, PostgreSQL SQLSTATEs) are about the environment, not bugs.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return `database error (${code}): ${message}`;
  return error instanceof Error && error.stack ? error.stack : message;
}

async function execute(command: CliCommand<unknown>, args: string[], io: CliIo): Promise<number> {
  const values = parseOptions(command, args);
  if (values.help === true) {
    io.out(commandHelp(command));
    return EXIT_OK;
  }
  const input = command.parse(values);
  const url = environment().DATABASE_URL;

  const database = await openMigratedDataSource(url);
  try {
    if (!command.reportsSetup) {
      if (database.createdDatabase) io.err('Created the database.');
      if (database.appliedMigrations.length > 0) io.err(`Applied ${database.appliedMigrations.length} migration(s).`);
    }
    const container = await NestFactory.createApplicationContext(CliModule.on(database.dataSource), { logger: false });
    try {
      return await command.run(input, { database, container }, io);
    } finally {
      await container.close();
    }
  } finally {
    await database.dataSource.destroy();
  }
}

/** Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 usage mistake. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(generalHelp(COMMANDS));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(generalHelp(COMMANDS));
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run "npm run cli -- --help" to see the commands.`);
    return EXIT_USAGE;
  }
  try {
    return await execute(command, args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\n\n${commandHelp(command)}`);
      return EXIT_USAGE;
    }
    if (error instanceof InvalidEnvironmentError) {
      io.err(error.message);
      return EXIT_FAILURE;
    }
    io.err(`${command.name} failed: ${describeFailure(error)}`);
    return EXIT_FAILURE;
  }
}
