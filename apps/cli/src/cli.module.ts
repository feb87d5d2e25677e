import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_REPOSITORIES } from '@app/audit';

/**
 * The CLI's container: the repositories the API and the worker use, built by Nest on the data source
 * the CLI opened (and migrated) itself, so a command asks for a repository instead of wiring one.
 */
@Module({})
export class CliModule {
  static on(dataSource: DataSource): DynamicModule {
    return {
      module: CliModule,
      providers: [{ provide: DataSource, useValue: dataSource }, ...AUDIT_REPOSITORIES],
      exports: AUDIT_REPOSITORIES,
    };
  }
}
