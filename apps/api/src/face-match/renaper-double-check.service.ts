import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import {
  EntityRecord,
  FaceMatchVerification,
  FaceMatchVerificationRepository,
  OrganizationKycSettings,
  RecordFaceMatchAttemptInput,
  RenaperCheckRepository,
  RenaperIdentity,
} from '@app/audit';
import { DomainError, JOBS, renaperConfig, RenaperConfig } from '@app/core';
import { JobQueue, REDIS_CONNECTION } from '@app/queue';
import { DniData, DniDocumentReader } from '@app/document';
import { RenaperFields, resolveRenaperInputs, ResolvedRenaperInputs } from './renaper-identity';

const REDIS_PROBE_MS = 1000;

/**
 * The API's half of the RENAPER double-check: refuse what cannot run before any image work, then,
 * after an approved face match, record the verification as in review, hand the check to the worker
 * (a job carrying the verification id only) and wait for its outcome for a bounded time.
 */
@Injectable()
export class RenaperDoubleCheckService {
  private readonly logger = new Logger(RenaperDoubleCheckService.name);

  constructor(
    private readonly checks: RenaperCheckRepository,
    private readonly verifications: FaceMatchVerificationRepository,
    private readonly jobs: JobQueue,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(renaperConfig.KEY) private readonly config: RenaperConfig,
    private readonly documents: DniDocumentReader,
  ) {}

  /**
   * Integrations on, credentials set, identity complete (from the fields, the entity, or the DNI card
   * in `documentImage`), queue reachable; else the contract's error.
   */
  async prepare(
    settings: OrganizationKycSettings,
    fields: RenaperFields,
    entity: EntityRecord | null,
    documentImage?: Buffer,
  ): Promise<ResolvedRenaperInputs> {
    if (!settings.renaperDataEnrichmentEnabled || !settings.renaperValidateDniEnrichmentEnabled) {
      throw new DomainError(
        'NOT_ENABLED',
        'The RENAPER double-check needs the ar_renaper_data_enrichment and ar_renaper_validate_dni_enrichment integrations (renaper.dataEnrichmentEnabled and renaper.validateDniEnrichmentEnabled in the KYC settings)',
      );
    }
    if (!settings.renaperBaseUrl || !settings.renaperUsername || !settings.renaperPassword) {
      throw new DomainError(
        'NOT_CONFIGURED',
        'RENAPER credentials are not configured: set renaper.baseUrl, renaper.username and renaper.password in the KYC settings',
      );
    }
    const inputs = resolveRenaperInputs(fields, entity, await this.readCard(documentImage));
    await this.ensureQueueReachable();
    return inputs;
  }

  /**
   * Records the approved verification as in review (its images stored by `storeImages` in the same
   * transaction, see RenaperCheckRepository.recordPending), enqueues the check and waits for the worker.
   */
  async run(
    verification: RecordFaceMatchAttemptInput & { id: string },
    identity: RenaperIdentity,
    storeImages: () => Promise<void>,
  ): Promise<FaceMatchVerification> {
    const deadline = new Date(Date.now() + this.config.deadlineSeconds * 1000);
    const pending = await this.checks.recordPending(
      {
        ...verification,
        match: false,
        warnings: [...(verification.warnings ?? []), 'RENAPER_PENDING'],
        responseDoubleChecks: pendingDoubleChecks(),
      },
      identity,
      deadline,
      storeImages,
    );
    try {
      await this.jobs.enqueue(JOBS.renaperDoubleCheck, { verificationId: pending.id }, pending.id);
    } catch (error) {
      this.logger.error(`verification ${pending.id}: could not enqueue the RENAPER check: ${(error as Error).message}`);
      // Closed, not left unfinished: the worker's recovery sweep would otherwise run it once Redis is back.
      await this.checks.abandon(pending.id, { status: 'in_review', warnings: [...(verification.warnings ?? []), 'RENAPER_UNAVAILABLE'] });
      throw new DomainError('SERVICE_UNAVAILABLE', 'The RENAPER double-check could not be queued; retry shortly');
    }
    await this.jobs.waitFor(JOBS.renaperDoubleCheck, pending.id, this.config.waitSeconds * 1000);
    // The worker wrote the outcome to the record, or it is still in review with RENAPER_PENDING.
    return (await this.verifications.findForOrganization(pending.organizationId, pending.id)) ?? pending;
  }

  /**
   * The DNI card in the document image, when it is the front of a DNI with a readable, valid
   * barcode: the double-check may take dni, gender and trámite from it. Anything else is null.
   */
  private async readCard(documentImage: Buffer | undefined): Promise<DniData | null> {
    if (!documentImage) return null;
    try {
      const reading = await this.documents.read(documentImage);
      return reading.outcome === 'read' && reading.valid ? reading.data : null;
    } catch {
      // An undecodable image is refused by the face analysis with the precise reason.
      return null;
    }
  }

  private async ensureQueueReachable(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), REDIS_PROBE_MS))),
      ]);
    } catch {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The RENAPER double-check is unavailable right now (its job queue cannot be reached); retry shortly, or send doubleCheckRenaper=false',
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

function pendingDoubleChecks() {
  const checkedAt = new Date().toISOString();
  return {
    renaper: { status: 'pending' as const, tramiteMatches: null, dniValid: null, deceased: null, checkedAt },
    renaperBiometric: { status: 'pending' as const, score: null, transactionControlNumber: null, polls: 0, checkedAt },
  };
}
