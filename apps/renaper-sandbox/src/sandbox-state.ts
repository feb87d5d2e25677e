import { type SandboxBehaviour } from './config/behaviour';

export const REGISTRY_ENDPOINTS = ['token', 'personData', 'personValidity', 'faceSubmit', 'faceResult'] as const;
export type RegistryEndpoint = (typeof REGISTRY_ENDPOINTS)[number];

/** What the sandbox has seen since start or the last reset; tests assert retries and renewals with it. */
export interface SandboxStats {
  /** Registry calls received per endpoint, injected failures included. */
  calls: Record<RegistryEndpoint, number>;
  tokensIssued: number;
  /** Calls refused for a missing, unknown or expired token. */
  tokenRejections: number;
  /** Calls answered with an injected failure (failureRate, failNextCalls, failAllCalls). */
  failuresInjected: number;
  faceSubmissions: number;
  /** Face comparisons finished (their verdict held until the answer delay has passed). */
  faceComparisonsFinished: number;
}

const emptyStats = (): SandboxStats => ({
  calls: { token: 0, personData: 0, personValidity: 0, faceSubmit: 0, faceResult: 0 },
  tokensIssued: 0,
  tokenRejections: 0,
  failuresInjected: 0,
  faceSubmissions: 0,
  faceComparisonsFinished: 0,
});

/** The mutable part of the sandbox: current behaviour and counters. */
export class SandboxState {
  private current: SandboxBehaviour;
  private counters = emptyStats();

  constructor(
    private readonly initial: SandboxBehaviour,
    private readonly random: () => number = Math.random,
  ) {
    this.current = { ...initial };
  }

  get behaviour(): Readonly<SandboxBehaviour> {
    return this.current;
  }

  update(patch: Partial<SandboxBehaviour>): void {
    this.current = { ...this.current, ...patch };
  }

  /** Back to the process's behaviour, counters at zero. */
  reset(): void {
    this.current = { ...this.initial };
    this.counters = emptyStats();
  }

  stats(): SandboxStats {
    return { ...this.counters, calls: { ...this.counters.calls } };
  }

  recordCall(endpoint: RegistryEndpoint): void {
    this.counters.calls[endpoint] += 1;
  }

  recordTokenIssued(): void {
    this.counters.tokensIssued += 1;
  }

  recordTokenRejected(): void {
    this.counters.tokenRejections += 1;
  }

  recordFaceSubmission(): void {
    this.counters.faceSubmissions += 1;
  }

  recordFaceComparisonFinished(): void {
    this.counters.faceComparisonsFinished += 1;
  }

  /** Whether this call gets an injected failure; consumes one of `failNextCalls`. */
  takeInjectedFailure(): boolean {
    const behaviour = this.current;
    let fail = behaviour.failAllCalls;
    if (!fail && behaviour.failNextCalls > 0) {
      this.current = { ...behaviour, failNextCalls: behaviour.failNextCalls - 1 };
      fail = true;
    }
    fail ||= behaviour.failureRate > 0 && this.random() < behaviour.failureRate;
    if (fail) this.counters.failuresInjected += 1;
    return fail;
  }
}
