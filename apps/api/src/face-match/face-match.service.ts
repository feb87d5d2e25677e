import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  EntityRecord,
  EntityRepository,
  FaceMatchFilters,
  FaceMatchVerification,
  FaceMatchVerificationRepository,
  KycSettingsRepository,
  OrganizationKycSettings,
} from '@app/audit';
import { DomainError, forImageField } from '@app/core';
import { FaceAdmission, FaceAnalysis, FaceEngine, isSameCapture } from '@app/face';
import { faceMatchImagePath, IMAGE_STORAGE, ImageStorage } from '@app/storage';
import { AuditedAttempt, runAudited } from '../audit-trail/audited-attempt';
import { Parsed, valueOf } from '../audit-trail/parsed';
import { Principal } from '../auth/principal';
import { ApiMetrics } from '../metrics/api-metrics';
import { requireIntegration } from '../organizations/integrations';
import { FaceMatchFormDto, FaceMatchQueryDto } from './face-match.dto';
import { decideFaceMatch, FaceMatchDecision, withSameCaptureCheck } from './face-match.rules';
import { RenaperDoubleCheckService } from './renaper-double-check.service';
import { ResolvedRenaperInputs } from './renaper-identity';

export const FACE_MATCH_IMAGE_FIELDS = ['documentImage', 'selfieImage'] as const;
type ImageField = (typeof FACE_MATCH_IMAGE_FIELDS)[number];
type ImagePaths = { document: string; selfie: string };

export interface FaceMatchCall {
  principal: Principal;
  requestId: string;
  /** The query (`doubleCheckRenaper`, which wins over the body field), as the controller read it. */
  query: Parsed<FaceMatchQueryDto>;
}

/** The multipart body, as the controller read it: the text fields validated, the images as bytes. */
export interface FaceMatchForm {
  fields: FaceMatchFormDto;
  images: Partial<Record<ImageField, Buffer>>;
}

/** A call that may go on: the organization's settings, its query, and the room it holds in the face engine. */
export interface OpenedFaceMatch {
  call: FaceMatchCall;
  settings: OrganizationKycSettings;
  query: FaceMatchQueryDto;
  admission: FaceAdmission;
}

/** What the audit row of a call says, whatever happened. */
interface CallFacts {
  threshold: number;
  entityId: string | null;
  vendorData: string | null;
  doubleCheckRenaper: boolean;
}

/**
 * Face Match: one document image and one selfie in, a calibrated decision out, and an audit row
 * for every authenticated call, whatever happened.
 */
@Injectable()
export class FaceMatchService {
  private readonly logger = new Logger(FaceMatchService.name);

  constructor(
    private readonly engine: FaceEngine,
    private readonly verifications: FaceMatchVerificationRepository,
    private readonly settings: KycSettingsRepository,
    private readonly entities: EntityRepository,
    @Inject(IMAGE_STORAGE) private readonly storage: ImageStorage,
    private readonly renaper: RenaperDoubleCheckService,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  /**
   * The checks before the body is read: the query, the integration, and room in the face engine for
   * two images, so a flood is refused (503, audited) while it costs no memory. The caller reads the
   * body only then, and must hand the result to `verify`, which releases the room.
   */
  async open(call: FaceMatchCall): Promise<OpenedFaceMatch> {
    const settings = await this.settings.findForOrganization(call.principal.organizationId);
    const facts = { threshold: settings.scoreDeclineThreshold, entityId: null, vendorData: null, doubleCheckRenaper: false };
    return runAudited(this.audited(call, facts), (learn) => {
      const query = valueOf(call.query);
      learn({ doubleCheckRenaper: query.doubleCheckRenaper ?? false });
      requireIntegration(settings, 'faceMatch');
      return { call, settings, query, admission: this.engine.admit(FACE_MATCH_IMAGE_FIELDS.length) };
    });
  }

  async verify(opened: OpenedFaceMatch, form: Parsed<FaceMatchForm>): Promise<FaceMatchVerification> {
    const { call, settings, query, admission } = opened;
    const facts = {
      threshold: settings.scoreDeclineThreshold,
      entityId: null,
      vendorData: null,
      doubleCheckRenaper: query.doubleCheckRenaper ?? false,
    };
    try {
      return await runAudited(this.audited(call, facts), async (learn) => {
        const { fields, images } = valueOf(form);
        const asked = {
          threshold: fields.scoreThreshold ?? settings.scoreDeclineThreshold,
          vendorData: fields.vendorData ?? null,
          doubleCheckRenaper: query.doubleCheckRenaper ?? fields.doubleCheckRenaper ?? false,
        };
        learn(asked);
        // The entity first, so even a call that fails on its images is listed under its entity.
        const entity = fields.entityId ? await this.resolveEntity(call.principal.organizationId, fields.entityId) : null;
        learn({ entityId: entity?.id ?? null });
        const renaper = asked.doubleCheckRenaper ? await this.renaper.prepare(settings, fields, entity, images.documentImage) : undefined;
        const known: CallFacts = { ...asked, entityId: entity?.id ?? null };
        const verification = await this.match(call, known, requireImages(images), admission, renaper);
        this.metrics?.recordDecision('face_match', verification.status, verification.warnings);
        return verification;
      });
    } finally {
      admission.release();
    }
  }

  /** The failed row of a call: its facts so far, the error's code and message. */
  private audited(call: FaceMatchCall, facts: CallFacts): AuditedAttempt<CallFacts> {
    return {
      requestId: call.requestId,
      what: 'verification',
      facts,
      onFailure: () => this.metrics?.recordDecision('face_match', 'failed', []),
      recordFailure: (known, failure) =>
        this.verifications.recordAttempt({
          id: randomUUID(),
          ...this.baseRecord(call, known),
          status: 'failed',
          match: null,
          score: null,
          warnings: [],
          errorMessage: failure.message,
          details: { code: failure.code },
        }),
    };
  }

  private async resolveEntity(organizationId: string, entityId: string): Promise<EntityRecord> {
    const entity = await this.entities.findForOrganization(organizationId, entityId);
    if (!entity) throw DomainError.notFound(`Entity ${entityId}`);
    return entity;
  }

  private async match(
    call: FaceMatchCall,
    facts: CallFacts,
    images: Record<ImageField, Buffer>,
    admission: FaceAdmission,
    renaper: ResolvedRenaperInputs | undefined,
  ): Promise<FaceMatchVerification> {
    const [document, selfie] = await Promise.all([
      forImageField('documentImage', admission.analyze(images.documentImage)),
      forImageField('selfieImage', admission.analyze(images.selfieImage)),
    ]);
    const decision = withSameCaptureCheck(
      decideFaceMatch(document, selfie, facts.threshold, (a, b) => this.engine.compare(a, b)),
      isSameCapture({ bytes: images.documentImage, analysis: document }, { bytes: images.selfieImage, analysis: selfie }),
    );
    const id = randomUUID();
    const paths = imagePaths(call.principal.organizationId, id, document, selfie);
    // Stored inside the row's transaction, under the entity's lock: an erasure sees both or neither.
    const storeImages = () => this.storeImages(paths, images);
    const record = {
      id,
      ...this.baseRecord(call, facts),
      ...outcome(decision, renaper),
      documentStoragePath: paths.document,
      selfieStoragePath: paths.selfie,
    };
    try {
      // RENAPER is asked only when the faces match: a declined match needs no registry call.
      if (renaper && decision.status === 'approved') return await this.renaper.run(record, renaper.identity, storeImages);
      return await this.verifications.recordAttempt(record, storeImages);
    } catch (error) {
      // The transaction rolled back (the database went away at commit, say) after the files were written.
      await this.forgetImagesWithoutRecord(call.principal.organizationId, id, paths);
      throw error;
    }
  }

  /**
   * The record could not be written (the database went away, say): its images must not stay on
   * disk with nothing pointing at them. A record that was written (a double-check that failed
   * later) keeps its images.
   */
  private async forgetImagesWithoutRecord(organizationId: string, id: string, paths: ImagePaths): Promise<void> {
    const recorded = await this.verifications.findForOrganization(organizationId, id).then(
      (row) => row !== null,
      () => false,
    );
    if (recorded) return;
    await Promise.all([this.storage.delete(paths.document), this.storage.delete(paths.selfie)]).catch((error: unknown) => {
      this.logger.error(`verification ${id}: could not remove the images of an unrecorded attempt: ${(error as Error).message}`);
    });
  }

  private async storeImages(paths: ImagePaths, images: Record<ImageField, Buffer>): Promise<void> {
    const stored = await Promise.allSettled([
      this.storage.put(paths.document, images.documentImage),
      this.storage.put(paths.selfie, images.selfieImage),
    ]);
    const failed = stored.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (!failed) return;
    // The row is not written (the transaction rolls back): leave no image without its record.
    await Promise.allSettled([this.storage.delete(paths.document), this.storage.delete(paths.selfie)]);
    throw failed.reason;
  }

  private baseRecord(call: FaceMatchCall, facts: CallFacts) {
    return {
      organizationId: call.principal.organizationId,
      triggeredByUserId: call.principal.userId,
      requestId: call.requestId,
      ...facts,
      storageProvider: this.storage.provider,
    };
  }

  findOne(organizationId: string, id: string): Promise<FaceMatchVerification> {
    return this.verifications.findForOrganization(organizationId, id).then((row) => {
      if (!row) throw DomainError.notFound(`Verification ${id}`);
      return row;
    });
  }

  async list(organizationId: string, filters: FaceMatchFilters, limit: number, offset: number) {
    const [page, settings] = await Promise.all([
      this.verifications.list(organizationId, filters, limit, offset),
      this.settings.findForOrganization(organizationId),
    ]);
    return { ...page, scoreDeclineThreshold: settings.scoreDeclineThreshold };
  }

  async readImage(organizationId: string, id: string, which: 'document' | 'selfie'): Promise<Buffer> {
    const row = await this.findOne(organizationId, id);
    const path = which === 'document' ? row.documentStoragePath : row.selfieStoragePath;
    const bytes = path ? await this.storage.forProvider(row.storageProvider).get(path) : null;
    if (!path || !bytes) throw DomainError.notFound(`The ${which} image of verification ${id}`);
    return bytes;
  }
}

function requireImages(images: Partial<Record<ImageField, Buffer>>): Record<ImageField, Buffer> {
  const { documentImage, selfieImage } = images;
  if (documentImage && selfieImage) return { documentImage, selfieImage };
  const missing = FACE_MATCH_IMAGE_FIELDS.filter((field) => !images[field]);
  throw DomainError.invalid(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required (a file part or a base64 string)`, {
    fields: missing,
  });
}

function imagePaths(organizationId: string, verificationId: string, document: FaceAnalysis, selfie: FaceAnalysis): ImagePaths {
  return {
    document: faceMatchImagePath(organizationId, verificationId, 'document', document.image.format),
    selfie: faceMatchImagePath(organizationId, verificationId, 'selfie', selfie.image.format),
  };
}

/** The decision as recorded; with a double-check, where its inputs came from, and a sent value the DNI card contradicts. */
function outcome(decision: FaceMatchDecision, renaper: ResolvedRenaperInputs | undefined) {
  const warnings = renaper?.contradictsDocument ? [...decision.warnings, 'DATA_INCONSISTENT'] : decision.warnings;
  const details = renaper ? { ...decision.details, renaperInputSources: renaper.sources } : decision.details;
  return { status: decision.status, match: decision.match, score: decision.score, warnings, details };
}
