import { EXIT_OK } from '../cli-io';
import { defineCommand } from './command';

/** Opening the database already created it and applied the migrations; this command reports what happened. */
export const dbMigrateCommand = defineCommand({
  name: 'db:migrate',
  summary: 'Create the database when missing and apply pending migrations',
  usage: 'db:migrate',
  options: {},
  reportsSetup: true,
  parse: () => ({}),
  run(_input, { database }, io) {
    if (database.createdDatabase) io.out('Created the database.');
    for (const name of database.appliedMigrations) io.out(`Applied migration ${name}`);
    io.out(database.appliedMigrations.length > 0 ? 'Database schema is up to date.' : 'Database schema was already up to date.');
    return Promise.resolve(EXIT_OK);
  },
});
