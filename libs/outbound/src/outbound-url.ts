import { EgressPolicy, isAllowListedHost, isIpLiteral, judgeAddress } from './egress-policy';

/**
 * Why an outbound URL can never be called under this policy, or null when it may be (a host name
 * may still resolve to a refused address: that is decided when connecting). Used when settings are
 * saved, to answer a clear 400 instead of a delivery that fails later; the answer never echoes the URL.
 */
export function outboundUrlProblem(raw: string, policy: EgressPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username !== '' || url.password !== '') return 'must not hold credentials (user:password@)';
  if (url.hostname === '') return 'has no host';
  if (isAllowListedHost(policy, url.hostname) || !isIpLiteral(url.hostname)) return null;
  // WHATWG URL parsing already turned 127.1 and 0x7f000001 into 127.0.0.1, so every numeric form is judged.
  const verdict = judgeAddress(policy, url.hostname);
  return verdict.allowed ? null : `points to a refused address: ${verdict.reason}`;
}
