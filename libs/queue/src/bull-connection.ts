import type { ConnectionOptions } from 'bullmq';
import type { RedisConfig } from '@app/core';

/**
 * BullMQ connection options from REDIS_URL. Producers (the API) fail fast while Redis is down, so a
 * request learns it within a second instead of queueing commands; workers wait for Redis forever
 * (BullMQ requires `maxRetriesPerRequest: null` for their blocking connections).
 */
export function bullConnection(config: RedisConfig, role: 'producer' | 'worker'): ConnectionOptions {
  const url = new URL(config.url);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  const base = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 1000,
  };
  return role === 'producer' ? { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { ...base, maxRetriesPerRequest: null };
}
