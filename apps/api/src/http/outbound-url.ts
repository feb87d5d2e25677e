import { DomainError, OutboundConfig } from '@app/core';
import { outboundUrlProblem } from '@app/outbound';

/**
 * 400 for an outbound URL (a webhook URL, the RENAPER base URL) that can never be called under the
 * deployment's egress policy: not http(s), credentials in it, or a refused IP literal. Host names
 * are judged again, after DNS, on every connection (libs/outbound).
 */
export function assertOutboundUrl(field: string, url: string, config: OutboundConfig): void {
  const problem = outboundUrlProblem(url, { allowPrivateNetworks: config.allowPrivateNetworks, allowHosts: config.allowHosts });
  if (problem !== null) throw DomainError.invalid(`${field} ${problem}`, { field });
}

/** The host of an http(s) URL, lower-case, without a trailing dot ("" when unparsable). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return '';
  }
}
