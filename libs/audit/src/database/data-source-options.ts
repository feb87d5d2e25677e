import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AUDIT_ENTITIES } from '../entities';
import { AUDIT_MIGRATIONS } from '../migrations';

/** Connection pool settings (DATABASE_CONNECT_TIMEOUT_MS, DATABASE_POOL_SIZE). */
export interface DatabasePoolOptions {
  connectTimeoutMs: number;
  poolSize: number;
}

/**
 * The one description of the audit database, shared by the Nest app (AuditModule), the CLI and the
 * tests. The schema only ever changes through the migrations listed here.
 */
export function createDataSourceOptions(url: string, pool?: DatabasePoolOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    // A short connect timeout: with the database down a request fails fast (503) instead of
    // waiting for the operating system's TCP timeout; the pool reconnects once it is back.
    ...(pool && { connectTimeoutMS: pool.connectTimeoutMs, poolSize: pool.poolSize }),
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
