import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { databaseConfig, DatabaseConfig } from '@app/core';
import { createDataSourceOptions } from './database/data-source-options';
import { openDataSource } from './database/open-data-source';
import {
  ApiKeyRepository,
  BiometricCheckRepository,
  EntityErasureRepository,
  LivenessCheckRepository,
  EntityRepository,
  FaceMatchVerificationRepository,
  IdVerificationRepository,
  ImageStorageMigrationRepository,
  KycSettingsRepository,
  KycValidationRepository,
  OrganizationRepository,
  RenaperCheckRepository,
  SessionDocumentRepository,
  SessionErasureRepository,
  SessionKeyRotationRepository,
  SessionTemplatesRepository,
  SessionLivenessRepository,
  WebhookDeliveryRepository,
} from './repositories';

/** Every repository, for a container built on an existing data source too (the CLI's). */
export const AUDIT_REPOSITORIES = [
  OrganizationRepository,
  RenaperCheckRepository,
  ApiKeyRepository,
  KycSettingsRepository,
  EntityRepository,
  FaceMatchVerificationRepository,
  WebhookDeliveryRepository,
  KycValidationRepository,
  SessionDocumentRepository,
  SessionErasureRepository,
  SessionKeyRotationRepository,
  SessionTemplatesRepository,
  SessionLivenessRepository,
  BiometricCheckRepository,
  EntityErasureRepository,
  LivenessCheckRepository,
  IdVerificationRepository,
  ImageStorageMigrationRepository,
];

/**
 * The audit database for a Nest application: the data source (created when missing, migrated on
 * start when `DATABASE_MIGRATE_ON_START` is on) and the repositories. Global because every feature
 * module of the API and the worker records or reads audit rows.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule.forFeature(databaseConfig)],
      inject: [databaseConfig.KEY],
      useFactory: (database: DatabaseConfig) => ({
        ...createDataSourceOptions(database.url, database),
        migrationsRun: database.migrateOnStart,
      }),
      // Our factory runs the migrations under a lock (the API and the worker may start together).
      dataSourceFactory: async (options?: DataSourceOptions) => {
        if (!options) throw new Error('AuditModule: no data source options');
        return (await openDataSource(options)).dataSource;
      },
    }),
  ],
  providers: AUDIT_REPOSITORIES,
  exports: AUDIT_REPOSITORIES,
})
export class AuditModule {}
