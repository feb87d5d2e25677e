import type { FaceVerdict } from '../people/registry-faces';

export interface FaceTransaction {
  transactionControlNumber: string;
  submittedAt: Date;
  /** resultadoTCN answers "pending" before this instant (epoch ms), and while the verdict is not ready. */
  answerAfter: number;
  verdict: FaceVerdict | null;
}

/**
 * Facial validations in progress. The comparison starts at submission, off the request's path, and
 * its verdict is held until the configured answer delay has passed.
 */
export class FaceTransactions {
  private readonly transactions = new Map<string, FaceTransaction>();
  private readonly running = new Set<Promise<void>>();
  private sequence = 0;

  constructor(private readonly judge: (dni: string, jpeg: Buffer) => Promise<FaceVerdict>) {}

  submit(dni: string, jpeg: Buffer, now: Date, answerDelayMs: number): FaceTransaction {
    this.sequence += 1;
    const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
    const transaction: FaceTransaction = {
      transactionControlNumber: `${stamp}${String(this.sequence).padStart(6, '0')}`,
      submittedAt: now,
      answerAfter: now.getTime() + answerDelayMs,
      verdict: null,
    };
    this.transactions.set(transaction.transactionControlNumber, transaction);

    const run = this.judge(dni, jpeg).then((verdict) => {
      transaction.verdict = verdict;
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return transaction;
  }

  find(transactionControlNumber: string): FaceTransaction | undefined {
    return this.transactions.get(transactionControlNumber);
  }

  get size(): number {
    return this.transactions.size;
  }

  clear(): void {
    this.transactions.clear();
  }

  /** Resolves once every comparison started so far has finished (before the face engine closes). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
