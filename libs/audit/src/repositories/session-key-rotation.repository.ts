import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STORED_SESSION_IMAGES_COLUMNS, StoredSessionImages, StoredSessionImagesRow, toStoredSessionImages } from './session-images.query';

/** `storage:reencrypt` over sessions: their images and sealed templates, page by page in id order. */
@Injectable()
export class SessionKeyRotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of validations (every one: an undecided session may hold a pending document) with their recorded images. */
  async findSessionImagesAfter(afterId: string | null, limit: number): Promise<StoredSessionImages[]> {
    const rows = await this.dataSource.query<StoredSessionImagesRow[]>(
      `SELECT ${STORED_SESSION_IMAGES_COLUMNS} FROM kyc_validations WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(toStoredSessionImages);
  }

  /** A page of sealed templates in id order. */
  async findSealedTemplatesAfter(afterId: string | null, limit: number): Promise<Array<{ id: string; template: Buffer }>> {
    return this.dataSource.query('SELECT id, template FROM face_templates WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2', [
      afterId,
      limit,
    ]);
  }

  /** Replaces a template's sealed bytes (the same template under another key). */
  async replaceSealedTemplate(id: string, template: Buffer): Promise<void> {
    await this.dataSource.query('UPDATE face_templates SET template = $2 WHERE id = $1', [id, template]);
  }

  /** A page of the sessions' sealed DNI readings in id order after `afterId`. */
  findSealedReadingsAfter(afterId: string | null, limit: number): Promise<Array<{ id: string; sealed: Buffer }>> {
    return this.dataSource.query<Array<{ id: string; sealed: Buffer }>>(
      `SELECT id, document_reading_sealed AS sealed FROM kyc_validations
        WHERE document_reading_sealed IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** Replaces a sealed reading with its re-sealed form, only if it is still the bytes that were read. */
  async replaceSealedReading(id: string, previous: Buffer, next: Buffer): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      'UPDATE kyc_validations SET document_reading_sealed = $3 WHERE id = $1 AND document_reading_sealed = $2',
      [id, previous, next],
    );
    return affected > 0;
  }
}
