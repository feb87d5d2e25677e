import { CliCommand } from './commands/command';

export function generalHelp(commands: CliCommand<unknown>[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "npm run cli -- <command> --help" for the options of a command.',
    'Works on the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kyc), creating',
    'it and applying pending migrations first when needed.',
  ].join('\n');
}

export function commandHelp(command: CliCommand<unknown>): string {
  const options = Object.values(command.options).map((o) => `  ${o.help}`);
  return [`Usage: npm run cli -- ${command.usage}`, '', command.summary, ...(options.length > 0 ? ['', 'Options:', ...options] : [])].join(
    '\n',
  );
}
