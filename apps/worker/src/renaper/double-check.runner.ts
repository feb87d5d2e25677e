import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  FaceMatchVerificationRepository,
  KycSettingsRepository,
  RenaperCheck,
  RenaperCheckProgress,
  RenaperCheckRepository,
} from '@app/audit';
import { renaperConfig, RenaperConfig } from '@app/core';
import { toJpeg } from '@app/face';
import { maskDni, RenaperClient, RenaperCredentials, RenaperPermanentError, RenaperTransientError } from '@app/renaper';
import { IMAGE_STORAGE, ImageStorage, SecretSealer } from '@app/storage';
import { WebhookDispatcher } from '@app/queue';
import { RenaperCallResult, WorkerMetrics } from '../metrics/worker-metrics';
import { CheckState, concludedOutcome, toBiometricOutcome, toDataOutcome, unfinishedOutcome } from './double-check.rules';

/** What the processor does next: wait (a delayed job, never a sleep) or stop. */
export type StepResult = { kind: 'wait'; delayMs: number } | { kind: 'done' };

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs one step of a double-check from the state stored in the database (so any worker can resume
 * it): the data check, the face submission, or one poll. Outcomes are written once, by `finish`.
 */
@Injectable()
export class DoubleCheckRunner {
  private readonly logger = new Logger('RenaperDoubleCheck');

  constructor(
    private readonly checks: RenaperCheckRepository,
    private readonly verifications: FaceMatchVerificationRepository,
    private readonly settings: KycSettingsRepository,
    private readonly client: RenaperClient,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
    @Inject(renaperConfig.KEY) private readonly config: RenaperConfig,
    private readonly webhooks: WebhookDispatcher,
    private readonly secrets: SecretSealer,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {}

  async step(verificationId: string): Promise<StepResult> {
    const check = await this.checks.findByVerificationId(verificationId);
    if (!check || check.step === 'done') return { kind: 'done' };
    const verification = await this.verifications.findById(verificationId);
    if (!verification) return { kind: 'done' };
    const state: CheckState = {
      warnings: verification.warnings,
      data: check.dataOutcome,
      biometric: check.biometricOutcome,
      transactionControlNumber: check.transactionControlNumber,
      polls: check.polls,
    };

    if (Date.now() >= check.deadlineAt.getTime()) {
      // Still polling: the registry never answered in time. Anything earlier: it kept failing.
      return this.finish(
        check,
        state,
        unfinishedOutcome(state, check.step === 'poll' && check.transientFailures === 0 ? 'pending' : 'unavailable'),
      );
    }
    const credentials = await this.credentialsOf(check.organizationId);
    if (!credentials) {
      this.logger.warn(`verification ${verificationId}: RENAPER credentials were removed; leaving it in review`);
      return this.finish(check, state, unfinishedOutcome(state, 'unavailable'));
    }

    const started = performance.now();
    const timed = (result: RenaperCallResult) => this.metrics?.renaperCall(check.step, result, (performance.now() - started) / 1000);
    try {
      // The selfie is read from the provider its row names (local or S3).
      const selfie = verification.selfieStoragePath
        ? { storage: this.storage.forProvider(verification.storageProvider), path: verification.selfieStoragePath }
        : null;
      const next = await this.advance(check, state, credentials, selfie);
      timed('ok');
      return next;
    } catch (error) {
      if (error instanceof RenaperTransientError) timed('transient');
      if (error instanceof RenaperPermanentError) timed('permanent');
      if (error instanceof RenaperTransientError) return this.backOff(check, error);
      if (error instanceof RenaperPermanentError) {
        this.logger.error(
          `verification ${verificationId} (DNI ${maskDni(check.dni)}): the registry refused the ${check.step} step: ${error.message}`,
        );
        return this.finish(check, state, unfinishedOutcome(state, 'unavailable'));
      }
      throw error;
    }
  }

  private async advance(
    check: RenaperCheck,
    state: CheckState,
    credentials: RenaperCredentials,
    storedSelfie: { storage: ImageStorage; path: string } | null,
  ): Promise<StepResult> {
    const identity = { dni: check.dni, sexo: check.sexo };
    switch (check.step) {
      case 'data': {
        state.data = toDataOutcome(await this.client.checkPerson(credentials, { ...identity, tramite: check.tramite }));
        if (state.data.status !== 'match') return this.finish(check, state, concludedOutcome(state));
        await this.save(check, { step: 'submit', dataOutcome: state.data });
        return { kind: 'wait', delayMs: 0 };
      }
      case 'submit': {
        const selfie = storedSelfie ? await storedSelfie.storage.get(storedSelfie.path) : null;
        if (!selfie) {
          this.logger.error(`verification ${check.verificationId}: the selfie is gone from storage; leaving it in review`);
          return this.finish(check, state, unfinishedOutcome(state, 'unavailable'));
        }
        const submitted = await this.client.submitFace(credentials, { ...identity, jpeg: await toJpeg(selfie) });
        await this.save(check, { step: 'poll', transactionControlNumber: submitted.transactionControlNumber, polls: 0 });
        return { kind: 'wait', delayMs: this.config.pollIntervalMs };
      }
      case 'poll': {
        const poll = await this.client.pollFace(credentials, check.transactionControlNumber as string);
        state.polls = check.polls + 1;
        if (poll.status === 'pending') {
          await this.save(check, { polls: state.polls });
          return { kind: 'wait', delayMs: this.config.pollIntervalMs };
        }
        state.biometric = toBiometricOutcome(poll);
        return this.finish(check, state, concludedOutcome(state), { polls: state.polls, biometricOutcome: state.biometric });
      }
      case 'done':
        return { kind: 'done' };
    }
  }

  /** A 5xx or a timeout: try the same step again after an exponential pause, never past the deadline. */
  private async backOff(check: RenaperCheck, error: RenaperTransientError): Promise<StepResult> {
    const failures = check.transientFailures + 1;
    await this.checks.saveProgress(check.verificationId, { transientFailures: failures });
    const remaining = check.deadlineAt.getTime() - Date.now();
    const delayMs = Math.max(0, Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS, remaining));
    this.logger.warn(
      `verification ${check.verificationId}: the registry failed the ${check.step} step (${error.message}); retry ${failures} in ${delayMs} ms`,
    );
    return { kind: 'wait', delayMs };
  }

  private async save(check: RenaperCheck, progress: RenaperCheckProgress): Promise<void> {
    await this.checks.saveProgress(check.verificationId, { ...progress, transientFailures: 0 });
  }

  private async finish(
    check: RenaperCheck,
    state: CheckState,
    outcome: ReturnType<typeof concludedOutcome>,
    progress: RenaperCheckProgress = {},
  ): Promise<StepResult> {
    const finished = await this.checks.finish(check.verificationId, { dataOutcome: state.data, ...progress }, outcome);
    if (finished) {
      this.metrics?.renaperFinished(finished.verification.status);
      this.logger.log(`verification ${check.verificationId}: RENAPER double-check finished (${finished.verification.status})`);
      // After the commit: the outbox row exists, so a lost enqueue only delays the event.
      await this.webhooks.announce(finished);
    }
    return { kind: 'done' };
  }

  private async credentialsOf(organizationId: string): Promise<RenaperCredentials | null> {
    const settings = await this.settings.findForOrganization(organizationId);
    if (!settings.renaperBaseUrl || !settings.renaperUsername || !settings.renaperPassword) return null;
    const password = this.secrets.open(settings.renaperPassword);
    return { organizationId, baseUrl: settings.renaperBaseUrl, username: settings.renaperUsername, password };
  }
}
