import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FaceTemplateRecord, KycValidationStatus } from '../entities';
import { isUuid } from '@app/core';

export interface NewFaceTemplate {
  id: string;
  organizationId: string;
  entityId: string;
  kycValidationId: string;
  /** Already sealed: this repository never sees a plaintext template. */
  template: Buffer;
  modelVersion: string;
}

/** An enrolled template without its (sealed) bytes: what changes between two checks is only the status. */
export interface EnrolledTemplateRef {
  templateId: string;
  kycValidationId: string;
  sessionId: string;
  status: KycValidationStatus;
  modelVersion: string;
}

/**
 * The face templates sessions enrolled, as the Biometric Check reads them: an entity's templates
 * with their validations' status, and their sealed bytes. (A decision writes its template with the
 * session's status, in the session module; erasure and key rotation have their own repositories.)
 */
@Injectable()
export class SessionTemplatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The entity's templates with their validations' current status and session id, without the
   * template bytes: cheap enough for every check, while the opened templates can be cached.
   */
  async findEnrolledForEntity(organizationId: string, entityId: string): Promise<EnrolledTemplateRef[]> {
    if (!isUuid(entityId)) return [];
    const rows = await this.dataSource.query<
      Array<{ id: string; kyc_validation_id: string; session_id: string; status: KycValidationStatus; model_version: string }>
    >(
      `SELECT t.id, t.kyc_validation_id, v.session_id, v.status, t.model_version
         FROM face_templates t
         JOIN kyc_validations v ON v.id = t.kyc_validation_id
        WHERE t.organization_id = $1 AND t.entity_id = $2
        ORDER BY t.created_at, t.id`,
      [organizationId, entityId],
    );
    return rows.map((row) => ({
      templateId: row.id,
      kycValidationId: row.kyc_validation_id,
      sessionId: row.session_id,
      status: row.status,
      modelVersion: row.model_version,
    }));
  }

  /** The sealed bytes of these templates, by template id (one query). */
  async findSealedTemplates(organizationId: string, templateIds: string[]): Promise<Map<string, Buffer>> {
    if (templateIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; template: Buffer }>>(
      'SELECT id, template FROM face_templates WHERE organization_id = $1 AND id = ANY($2::uuid[])',
      [organizationId, templateIds],
    );
    return new Map(rows.map((row) => [row.id, row.template]));
  }

  /** Bulk enrolment (benchmarks and fixtures): one multi-row INSERT per call. */
  async insertTemplates(templates: NewFaceTemplate[]): Promise<void> {
    if (templates.length === 0) return;
    await this.dataSource.createQueryBuilder().insert().into(FaceTemplateRecord).values(templates).execute();
  }
}
