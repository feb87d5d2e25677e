import ipaddr from 'ipaddr.js';

/**
 * Which peers may tell us the client's address through `X-Forwarded-For`: nobody (`false`, the
 * default: the socket's address is the client), the nearest N proxies (a hop count), or the proxies
 * at these addresses/ranges. Fastify (proxy-addr) takes each form as is.
 */
export type TrustProxySetting = false | number | string[];

/** proxy-addr's names for whole ranges, accepted in the list beside addresses and CIDRs. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_HOPS = 32;

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  if (entry.includes('/')) {
    try {
      ipaddr.parseCIDR(entry);
      return true;
    } catch {
      return false;
    }
  }
  return ipaddr.isValid(entry);
}

/**
 * Reads TRUST_PROXY: `off`/`false`/`0` (or unset), a hop count `1`..`32`, or a comma-separated list
 * of proxy addresses, CIDRs and range names. `true` (trust anyone) is refused on purpose: any
 * client could then pick its own address and dodge per-IP limits. Throws, saying why, on anything else.
 */
export function parseTrustProxy(raw: string): TrustProxySetting {
  const value = raw.trim().toLowerCase();
  if (['', 'off', 'false', 'no', '0'].includes(value)) return false;
  if (['true', 'on', 'yes', '*'].includes(value)) {
    throw new Error("trusting every peer lets any client choose its own IP; give a hop count or the proxies' addresses");
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw new Error(`a hop count must be 1..${MAX_HOPS}`);
    return hops;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const bad = entries.filter((entry) => !isAddressOrRange(entry));
  if (bad.length > 0) throw new Error(`not an IP address, CIDR or range name (loopback, linklocal, uniquelocal): ${bad.join(', ')}`);
  return entries;
}

/** True for a value `parseTrustProxy` produced (the environment schema's check after its transform). */
export function isTrustProxySetting(value: unknown): value is TrustProxySetting {
  if (value === false) return true;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= MAX_HOPS;
  return Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && isAddressOrRange(entry));
}
