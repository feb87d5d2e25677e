import type { INestApplicationContext } from '@nestjs/common';
import { OpenedDataSource } from '@app/audit';
import { CliIo, UsageError } from '../cli-io';

export type OptionValues = Record<string, string | boolean | undefined>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One line for --help, e.g. "--org ID  organization id (uuid)". */
  help: string;
}

/** What a command runs with: the opened database, and the container its repositories come from (CliModule). */
export interface CliContext {
  database: OpenedDataSource;
  container: Pick<INestApplicationContext, 'get'>;
}

/**
 * One CLI command. `parse` turns the raw option values into the command's input, throwing
 * UsageError for anything missing or invalid, before the database is touched.
 */
export interface CliCommand<Input> {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** True when the command itself reports the database set-up (created, migrations applied). */
  reportsSetup?: boolean;
  parse(values: OptionValues): Input;
  run(input: Input, context: CliContext, io: CliIo): Promise<number>;
}

/** Lets commands with different inputs share one table; `parse` and `run` still agree per command. */
export function defineCommand<Input>(command: CliCommand<Input>): CliCommand<unknown> {
  return command;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function optionalString(values: OptionValues, option: string): string | undefined {
  const value = values[option];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${option} needs a non-empty value`);
  return value.trim();
}

export function requiredString(values: OptionValues, option: string): string {
  const value = optionalString(values, option);
  if (value === undefined) throw new UsageError(`--${option} is required`);
  return value;
}

export function requiredUuid(values: OptionValues, option: string): string {
  const value = requiredString(values, option);
  if (!UUID.test(value)) throw new UsageError(`--${option} must be a UUID, got "${value}"`);
  return value.toLowerCase();
}

export function flag(values: OptionValues, option: string): boolean {
  return values[option] === true;
}
