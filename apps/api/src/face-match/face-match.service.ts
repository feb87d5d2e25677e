import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  EntityRecord,
  EntityRepository,
  FaceMatchFilters,
  FaceMatchVerification,
  FaceMatchVerificationRepository,
  KycSettingsRepository,
  RenaperIdentity,
} from '@app/audit';
import { DomainError, ImageRejectedError } from '@app/core';
import { DniData, DniDocumentReader } from '@app/document';
import { FaceAdmission, FaceAnalysis, FaceEngine, isSameCapture } from '@app/face';
import { faceMatchImagePath, IMAGE_STORAGE, ImageStorage } from '@app/storage';
import { Principal } from '../auth/principal';
import { ParsedForm } from '../http/multipart-form';
import { validatePlain } from '../http/validation';
import { ApiMetrics } from '../metrics/api-metrics';
import { FaceMatchFormDto, FaceMatchQueryDto } from './face-match.dto';
import { decideFaceMatch, FaceMatchDecision, withSameCaptureCheck } from './face-match.rules';
import { RenaperDoubleCheckService } from './renaper-double-check.service';
import { ResolvedRenaperInputs } from './renaper-identity';

export const FACE_MATCH_IMAGE_FIELDS = ['documentImage', 'selfieImage'] as const;
type ImageField = (typeof FACE_MATCH_IMAGE_FIELDS)[number];

export interface FaceMatchCall {
  principal: Principal;
  requestId: string;
  /** Reads the multipart body; called inside the service so a bad body is still audited. */
  readForm: () => Promise<ParsedForm>;
  /** The raw query string (`doubleCheckRenaper`, which wins over the body field); validated here so a bad one is audited too. */
  query: Record<string, unknown>;
}

interface AttemptContext {
  threshold: number;
  entityId: string | null;
  vendorData: string | null;
  doubleCheckRenaper: boolean;
  /** Set when the double-check was asked for and can run. */
  renaperIdentity?: RenaperIdentity;
  /** Where each double-check value came from, and whether a sent one contradicts the card. */
  renaperInputs?: Omit<ResolvedRenaperInputs, 'identity'>;
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
    private readonly documents: DniDocumentReader,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  async verify(call: FaceMatchCall): Promise<FaceMatchVerification> {
    const { organizationId } = call.principal;
    const settings = await this.settings.findForOrganization(organizationId);
    const attempt: AttemptContext = {
      threshold: settings.scoreDeclineThreshold,
      entityId: null,
      vendorData: null,
      doubleCheckRenaper: false,
    };
    let admission: FaceAdmission | undefined;
    try {
      const query = validatePlain(FaceMatchQueryDto, call.query, { forbidUnknown: true });
      attempt.doubleCheckRenaper = query.doubleCheckRenaper ?? false;
      if (!settings.faceMatchEnabled) {
        throw new DomainError(
          'NOT_ENABLED',
          'The faceMatch integration is disabled for this organization (see PATCH /api/organizations/current/kyc-settings)',
        );
      }
      // Room in the face engine is claimed before two images are buffered: a flood is refused
      // (503, audited) while it costs no memory.
      admission = this.engine.admit(FACE_MATCH_IMAGE_FIELDS.length);
      const form = await call.readForm();
      const fields = validatePlain(FaceMatchFormDto, form.text);
      attempt.vendorData = fields.vendorData ?? null;
      attempt.threshold = fields.scoreThreshold ?? attempt.threshold;
      attempt.doubleCheckRenaper = query.doubleCheckRenaper ?? fields.doubleCheckRenaper ?? false;
      // The entity first, so even a call that fails on its images is listed under its entity.
      const entity = fields.entityId ? await this.resolveEntity(organizationId, fields.entityId) : null;
      attempt.entityId = entity?.id ?? null;
      if (attempt.doubleCheckRenaper) {
        const card = await this.readCard(form.images.documentImage);
        const { identity, ...inputs } = await this.renaper.prepare(settings, fields, entity, card);
        attempt.renaperIdentity = identity;
        attempt.renaperInputs = inputs;
      }
      const images = this.requireImages(form);
      const verification = await this.match(call, attempt, images, admission);
      this.metrics?.recordDecision('face_match', verification.status, verification.warnings);
      return verification;
    } catch (error) {
      this.metrics?.recordDecision('face_match', 'failed', []);
      await this.recordFailure(call, attempt, error);
      throw error;
    } finally {
      admission?.release();
    }
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

  private requireImages(form: ParsedForm): Record<ImageField, Buffer> {
    const missing = FACE_MATCH_IMAGE_FIELDS.filter((field) => !form.images[field]);
    if (missing.length > 0) {
      throw DomainError.invalid(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required (a file part or a base64 string)`, {
        fields: missing,
      });
    }
    return { documentImage: form.images.documentImage, selfieImage: form.images.selfieImage };
  }

  private async resolveEntity(organizationId: string, entityId: string): Promise<EntityRecord> {
    const entity = await this.entities.findForOrganization(organizationId, entityId);
    if (!entity) throw DomainError.notFound(`Entity ${entityId}`);
    return entity;
  }

  private async match(
    call: FaceMatchCall,
    attempt: AttemptContext,
    images: Record<ImageField, Buffer>,
    admission: FaceAdmission,
  ): Promise<FaceMatchVerification> {
    const [document, selfie] = await Promise.all([
      this.analyze('documentImage', images.documentImage, admission),
      this.analyze('selfieImage', images.selfieImage, admission),
    ]);
    const decision = withSameCaptureCheck(
      decideFaceMatch(document, selfie, attempt.threshold, (a, b) => this.engine.compare(a, b)),
      isSameCapture({ bytes: images.documentImage, analysis: document }, { bytes: images.selfieImage, analysis: selfie }),
    );
    const id = randomUUID();
    const paths = imagePaths(call.principal.organizationId, id, document, selfie);
    // Stored inside the row's transaction, under the entity's lock: an erasure sees both or neither.
    const storeImages = () => this.storeImages(paths, images);
    const record = {
      id,
      ...this.baseRecord(call, attempt),
      ...this.outcome(decision, attempt),
      documentStoragePath: paths.document,
      selfieStoragePath: paths.selfie,
    };
    try {
      // RENAPER is asked only when the faces match: a declined match needs no registry call.
      if (attempt.renaperIdentity && decision.status === 'approved')
        return await this.renaper.run(record, attempt.renaperIdentity, storeImages);
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
  private async forgetImagesWithoutRecord(organizationId: string, id: string, paths: { document: string; selfie: string }): Promise<void> {
    const recorded = await this.verifications.findForOrganization(organizationId, id).then(
      (row) => row !== null,
      () => false,
    );
    if (recorded) return;
    await Promise.all([this.storage.delete(paths.document), this.storage.delete(paths.selfie)]).catch((error: unknown) => {
      this.logger.error(`verification ${id}: could not remove the images of an unrecorded attempt: ${(error as Error).message}`);
    });
  }

  private async analyze(field: ImageField, bytes: Buffer, admission: FaceAdmission): Promise<FaceAnalysis> {
    try {
      return await admission.analyze(bytes);
    } catch (error) {
      if (error instanceof ImageRejectedError) throw error.forField(field);
      throw error;
    }
  }

  private async storeImages(paths: { document: string; selfie: string }, images: Record<ImageField, Buffer>): Promise<void> {
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

  private baseRecord(call: FaceMatchCall, attempt: AttemptContext) {
    return {
      organizationId: call.principal.organizationId,
      triggeredByUserId: call.principal.userId,
      requestId: call.requestId,
      entityId: attempt.entityId,
      vendorData: attempt.vendorData,
      threshold: attempt.threshold,
      doubleCheckRenaper: attempt.doubleCheckRenaper,
      storageProvider: this.storage.provider,
    };
  }

  private outcome(decision: FaceMatchDecision, attempt: AttemptContext) {
    const inputs = attempt.renaperInputs;
    // A sent value that the DNI card in the document contradicts is a risk the caller must see.
    const warnings = inputs?.contradictsDocument ? [...decision.warnings, 'DATA_INCONSISTENT'] : decision.warnings;
    const details = inputs ? { ...decision.details, renaperInputSources: inputs.sources } : decision.details;
    return { status: decision.status, match: decision.match, score: decision.score, warnings, details };
  }

  private async recordFailure(call: FaceMatchCall, attempt: AttemptContext, error: unknown): Promise<void> {
    const message = error instanceof DomainError ? error.message : 'The verification could not be completed (internal error)';
    try {
      await this.verifications.recordAttempt({
        id: randomUUID(),
        ...this.baseRecord(call, attempt),
        status: 'failed',
        match: null,
        score: null,
        warnings: [],
        errorMessage: message,
        details: error instanceof DomainError ? { code: error.code } : { code: 'VERIFICATION_FAILED' },
      });
    } catch (auditError) {
      // The original error is what the client must see; the lost audit row is ours to investigate.
      this.logger.error(`request ${call.requestId}: could not record the failed attempt: ${(auditError as Error).message}`);
    }
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

  async readImage(organizationId: string, id: string, which: 'document' | 'selfie'): Promise<{ bytes: Buffer; contentType: string }> {
    const row = await this.findOne(organizationId, id);
    const path = which === 'document' ? row.documentStoragePath : row.selfieStoragePath;
    const bytes = path ? await this.storage.forProvider(row.storageProvider).get(path) : null;
    if (!path || !bytes) throw DomainError.notFound(`The ${which} image of verification ${id}`);
    return { bytes, contentType: contentTypeOf(path) };
  }
}

function imagePaths(organizationId: string, verificationId: string, document: FaceAnalysis, selfie: FaceAnalysis) {
  return {
    document: faceMatchImagePath(organizationId, verificationId, 'document', document.image.format),
    selfie: faceMatchImagePath(organizationId, verificationId, 'selfie', selfie.image.format),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  tiff: 'image/tiff',
};

function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
