import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AUDIT_ENTITIES } from '../entities';
import { AUDIT_MIGRATIONS } from '../migrations';

/**
 * The one description of the audit database, shared by the Nest app (AuditModule), the CLI and the
 * tests. The schema only ever changes through the migrations listed here.
 */
export function createDataSourceOptions(url: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: AUDIT_ENTITIES,
    migrations: AUDIT_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Each migration commits on its own, so a failure leaves the earlier ones applied and recorded.
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    applicationName: 'kyc-biometrics',
    logging: false,
  };
}
