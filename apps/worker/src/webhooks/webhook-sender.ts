/** What one POST produced: the receiver's status, or why there was none. */
export interface SendResult {
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookRequest {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * POSTs the body and reports the status without reading the answer (receivers' bodies are neither
 * needed nor stored). Redirects are not followed: a signed event goes only where it was configured.
 */
export async function sendWebhook(request: WebhookRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    const accepted = response.status >= 200 && response.status < 300;
    return { httpStatus: response.status, error: accepted ? null : `HTTP ${response.status}`, durationMs: elapsed() };
  } catch (error) {
    return { httpStatus: null, error: describeFailure(error, request.timeoutMs), durationMs: elapsed() };
  }
}

export function isAccepted(result: SendResult): boolean {
  return result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
}

/** A short reason for the attempt log: the error code (ECONNREFUSED, ...) rather than a stack or a URL. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = failure.cause?.code ?? failure.cause?.message;
  return (cause ? `${failure.message}: ${cause}` : failure.message || String(error)).slice(0, 300);
}
