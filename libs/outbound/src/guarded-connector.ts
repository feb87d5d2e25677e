import { lookup as dnsLookup, LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import { buildConnector } from 'undici';
import { EgressPolicy, isAllowListedHost, isIpLiteral, judgeAddress } from './egress-policy';

/** A destination the egress policy refuses. Raised before any connection is opened to it. */
export class OutboundRefusedError extends Error {
  readonly code = 'OUTBOUND_REFUSED';

  constructor(reason: string) {
    super(`outbound call refused: ${reason}`);
    this.name = 'OutboundRefusedError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect that resolves the name and refuses it when any of its addresses is
 * refused (a name resolving to both a public and a private address is how DNS rebinding starts).
 * The socket connects to exactly the addresses judged here, so there is no gap between the check
 * and the connection.
 */
export function guardedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!isAllowListedHost(policy, hostname)) {
        for (const { address } of addresses) {
          const verdict = judgeAddress(policy, address);
          if (!verdict.allowed) return callback(new OutboundRefusedError(`${hostname} resolves to ${verdict.reason}`), []);
        }
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * undici's connector with the policy applied: IP literals are judged before connecting (net skips
 * `lookup` for them), names through `guardedLookup`, and the connected socket's remote address is
 * judged once more as a last line of defence.
 */
export function guardedConnector(policy: EgressPolicy, connectTimeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy) });
  return (options, callback) => {
    const allowListed = isAllowListedHost(policy, options.hostname);
    if (!allowListed && isIpLiteral(options.hostname)) {
      const verdict = judgeAddress(policy, options.hostname);
      if (!verdict.allowed) return callback(new OutboundRefusedError(verdict.reason), null);
    }
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      const verdict = allowListed ? { allowed: true as const } : judgeAddress(policy, remoteAddressOf(socket));
      if (!verdict.allowed) {
        socket.destroy();
        return callback(new OutboundRefusedError(verdict.reason), null);
      }
      callback(null, socket);
    });
  };
}

function remoteAddressOf(socket: Socket): string {
  return socket.remoteAddress ?? '';
}
