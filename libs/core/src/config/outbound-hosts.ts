import * as ipaddr from 'ipaddr.js';

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i;

/** An `OUTBOUND_ALLOW_HOSTS` entry: a host name, an IP address or a CIDR range (`10.0.0.0/8`). */
export function isValidAllowHostEntry(entry: string): boolean {
  if (ipaddr.isValid(entry)) return true;
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return HOST_NAME.test(entry);
  }
}
