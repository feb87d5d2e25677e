import { OutboundError, OutboundHttp } from '@app/outbound';

/** What one POST produced: the receiver's status, or why there was none. */
export interface SendResult {
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** The destination is refused by the egress policy: retrying cannot help. */
  refused?: boolean;
}

export interface WebhookRequest {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * POSTs the body through the outbound guard (egress policy applied when connecting) and reports
 * the status without reading the answer (receivers' bodies are neither needed nor stored).
 * Redirects are not followed: a 3xx is a failed attempt, so a signed event goes only where it was
 * configured.
 */
export async function sendWebhook(http: OutboundHttp, request: WebhookRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await http.send({
      url: request.url,
      method: 'POST',
      headers: request.headers,
      body: request.body,
      timeoutMs: request.timeoutMs,
      maxResponseBytes: 0,
    });
    const accepted = response.status >= 200 && response.status < 300;
    return { httpStatus: response.status, error: accepted ? null : `HTTP ${response.status}`, durationMs: elapsed() };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    const refused = error.kind === 'refused';
    return { httpStatus: null, error: error.reason.slice(0, 300), durationMs: elapsed(), ...(refused ? { refused } : {}) };
  }
}

export function isAccepted(result: SendResult): boolean {
  return result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
}
