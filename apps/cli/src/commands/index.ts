import { apiKeyCreateCommand } from './api-key-create.command';
import { apiKeyRevokeCommand } from './api-key-revoke.command';
import { CliCommand } from './command';
import { dbMigrateCommand } from './db-migrate.command';
import { orgCreateCommand } from './org-create.command';
import { storageMigrateCommand } from './storage-migrate.command';
import { storageReencryptCommand } from './storage-reencrypt.command';

export const COMMANDS: CliCommand<unknown>[] = [
  orgCreateCommand,
  apiKeyCreateCommand,
  apiKeyRevokeCommand,
  dbMigrateCommand,
  storageReencryptCommand,
  storageMigrateCommand,
];
