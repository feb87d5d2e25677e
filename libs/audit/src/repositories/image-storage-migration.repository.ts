import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { StorageProviderName } from '../entities';
import { lockEntityBiometrics } from './entity-biometrics-lock';

/** The images one row records, to be moved between providers. */
export interface MovableImages {
  /** The row's id in its table. */
  id: string;
  organizationId: string;
  entityId: string | null;
  /** The recorded paths (face match, liveness, ID verification), or the recorded kinds of a session (its paths follow from the ids). */
  paths: string[];
  kinds: string[];
}

/**
 * Every table whose rows record images. A new one (a row with `storage_provider` and an image path)
 * is one entry in each of the two query tables below.
 */
export type MovableSource = 'face_match' | 'kyc_validation' | 'liveness_check' | 'id_verification';

/** Rows with images stored in `provider`, per table (the provider is a column, or `decision.storage.provider`). */
const PAGE_QUERIES: Record<MovableSource, string> = {
  face_match: `SELECT id, organization_id, entity_id, ARRAY_REMOVE(ARRAY[document_storage_path, selfie_storage_path], NULL) AS paths, ARRAY[]::text[] AS kinds
                 FROM face_match_verifications
                WHERE storage_provider = $1 AND (document_storage_path IS NOT NULL OR selfie_storage_path IS NOT NULL)
                  AND ($2::uuid IS NULL OR id > $2::uuid)
                ORDER BY id LIMIT $3`,
  id_verification: `SELECT id, organization_id, entity_id, ARRAY_REMOVE(ARRAY[document_front_storage_path, document_back_storage_path], NULL) AS paths, ARRAY[]::text[] AS kinds
                      FROM id_verifications
                     WHERE storage_provider = $1 AND (document_front_storage_path IS NOT NULL OR document_back_storage_path IS NOT NULL)
                       AND ($2::uuid IS NULL OR id > $2::uuid)
                     ORDER BY id LIMIT $3`,
  liveness_check: `SELECT id, organization_id, entity_id, ARRAY[image_storage_path] AS paths, ARRAY[]::text[] AS kinds
                     FROM liveness_checks
                    WHERE storage_provider = $1 AND image_storage_path IS NOT NULL AND ($2::uuid IS NULL OR id > $2::uuid)
                    ORDER BY id LIMIT $3`,
  kyc_validation: `SELECT id, organization_id, entity_id, ARRAY[]::text[] AS paths, ARRAY(SELECT jsonb_array_elements_text(decision->'storage'->'images')) AS kinds
                     FROM kyc_validations
                    WHERE jsonb_typeof(decision->'storage'->'images') = 'array' AND COALESCE(decision->'storage'->>'provider', 'local') = $1
                      AND ($2::uuid IS NULL OR id > $2::uuid)
                    ORDER BY id LIMIT $3`,
};

/** Moves the row to `to`, only if it still records images in `from` (an erasure clears them). */
const MOVE_QUERIES: Record<MovableSource, string> = {
  face_match: `UPDATE face_match_verifications SET storage_provider = $3
                WHERE id = $1 AND storage_provider = $2 AND (document_storage_path IS NOT NULL OR selfie_storage_path IS NOT NULL)`,
  id_verification: `UPDATE id_verifications SET storage_provider = $3
                      WHERE id = $1 AND storage_provider = $2 AND (document_front_storage_path IS NOT NULL OR document_back_storage_path IS NOT NULL)`,
  liveness_check: `UPDATE liveness_checks SET storage_provider = $3 WHERE id = $1 AND storage_provider = $2 AND image_storage_path IS NOT NULL`,
  kyc_validation: `UPDATE kyc_validations SET decision = jsonb_set(decision, '{storage,provider}', to_jsonb($3::text))
                    WHERE id = $1 AND jsonb_typeof(decision->'storage'->'images') = 'array' AND COALESCE(decision->'storage'->>'provider', 'local') = $2`,
};

interface PageRow {
  id: string;
  organization_id: string;
  entity_id: string | null;
  paths: string[] | null;
  kinds: string[] | null;
}

/**
 * The rows `storage:migrate` moves from one image provider to another. Each move happens under the
 * entity's biometrics lock (as a face match writing images does), so an erasure either runs before
 * it (nothing left to move) or after it (and erases from the provider the row now names).
 */
@Injectable()
export class ImageStorageMigrationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of rows whose images are in `provider`, in id order after `afterId`. */
  async findInProviderAfter(
    source: MovableSource,
    provider: StorageProviderName,
    afterId: string | null,
    limit: number,
  ): Promise<MovableImages[]> {
    const rows = await this.dataSource.query<PageRow[]>(PAGE_QUERIES[source], [provider, afterId, limit]);
    return rows.map((row) => ({
      id: row.id,
      organizationId: row.organization_id,
      entityId: row.entity_id,
      paths: row.paths ?? [],
      kinds: row.kinds ?? [],
    }));
  }

  /**
   * Points the row at `to` and runs `copy` (which stores and verifies its images there) in one
   * transaction under the entity's lock: the row names `to` only once the copies are verified.
   * `gone`: erased or moved meanwhile (nothing copied). `not-copied`: `copy` said no (rolled back).
   */
  async move(
    source: MovableSource,
    row: MovableImages,
    from: StorageProviderName,
    to: StorageProviderName,
    copy: () => Promise<boolean>,
  ): Promise<MoveOutcome> {
    try {
      return await this.dataSource.transaction(async (manager: EntityManager) => {
        if (row.entityId) await lockEntityBiometrics(manager, row.entityId, 'write');
        // First, so a second run moving the same row waits here and then finds it moved.
        // TypeORM's PostgreSQL driver answers an UPDATE with [rows, affected count].
        const [, affected] = await manager.query<[unknown[], number]>(MOVE_QUERIES[source], [row.id, from, to]);
        if (affected === 0) return 'gone';
        if (!(await copy())) throw new NotCopied();
        return 'moved';
      });
    } catch (error) {
      if (error instanceof NotCopied) return 'not-copied';
      throw error;
    }
  }
}

export type MoveOutcome = 'moved' | 'gone' | 'not-copied';

/** Rolls a move back when its images could not be copied. */
class NotCopied extends Error {}
