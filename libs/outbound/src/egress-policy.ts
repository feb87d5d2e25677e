import * as ipaddr from 'ipaddr.js';

/**
 * Where outbound calls (the RENAPER base URL an organization admin sets, webhook URLs) may go.
 * Public unicast addresses always; loopback, private, unique-local and the other special ranges only
 * when `allowPrivateNetworks` is on (development and tests) or the host is allow-listed. Link-local
 * (169.254.0.0/16 and fe80::/10, where cloud metadata services live), multicast, broadcast and the
 * unspecified address are never a legitimate target: refused unless allow-listed.
 */
export interface EgressPolicy {
  allowPrivateNetworks: boolean;
  /** `OUTBOUND_ALLOW_HOSTS`: host names (exact, case-insensitive), IP addresses or CIDR ranges. */
  allowHosts: readonly string[];
}

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const NEVER_ALLOWED = new Set(['linkLocal', 'multicast', 'broadcast', 'unspecified']);

const ALLOWED: Verdict = { allowed: true };

/** An allow-list entry that is neither an IP nor a CIDR range is a host name. */
function isAddressEntry(entry: string): boolean {
  return ipaddr.isValid(entry) || isCidr(entry);
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** IPv6 literals in URLs come bracketed; IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 it carries. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return null;
  return ipaddr.process(bare);
}

/** Whether `hostname` is an IP literal (as it appears in a URL, brackets allowed). */
export function isIpLiteral(hostname: string): boolean {
  return parseAddress(hostname) !== null;
}

export function isAllowListedHost(policy: EgressPolicy, hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return policy.allowHosts.some((entry) => !isAddressEntry(entry) && entry.toLowerCase().replace(/\.$/, '') === name);
}

function isAllowListedAddress(policy: EgressPolicy, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return policy.allowHosts.some((entry) => {
    if (!isAddressEntry(entry)) return false;
    if (ipaddr.isValid(entry)) return ipaddr.process(entry).toString() === address.toString();
    const [network, bits] = ipaddr.parseCIDR(entry);
    return network.kind() === address.kind() && address.match(network, bits);
  });
}

/**
 * The policy's verdict on one address (a literal from the URL, or what a name resolved to). The
 * reason names the range, never the full URL (its query string may hold a DNI).
 */
export function judgeAddress(policy: EgressPolicy, address: string): Verdict {
  const parsed = parseAddress(address);
  if (parsed === null) return { allowed: false, reason: `"${address}" is not an IP address` };
  if (isAllowListedAddress(policy, parsed)) return ALLOWED;
  const range = parsed.range();
  if (range === 'unicast') return ALLOWED;
  if (NEVER_ALLOWED.has(range))
    return { allowed: false, reason: `${parsed.toString()} is a ${range} address (never allowed unless listed in OUTBOUND_ALLOW_HOSTS)` };
  if (policy.allowPrivateNetworks) return ALLOWED;
  return { allowed: false, reason: `${parsed.toString()} is a ${range} address (OUTBOUND_ALLOW_PRIVATE_NETWORKS is off)` };
}
