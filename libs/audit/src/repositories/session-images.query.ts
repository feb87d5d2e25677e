import { StorageProviderName } from '../entities';

/** One validation's stored images as its decision recorded them (`decision.storage`). */
export interface StoredSessionImages {
  kycValidationId: string;
  organizationId: string;
  /** The kinds `decision.storage.images` lists; empty when nothing is recorded (undecided, or erased). */
  kinds: string[];
  /** The provider the decision recorded (`decision.storage.provider`); null when nothing is recorded. */
  storageProvider: StorageProviderName | null;
}

/** The select list of StoredSessionImages over `kyc_validations`. */
export const STORED_SESSION_IMAGES_COLUMNS = `id, organization_id,
  CASE WHEN jsonb_typeof(decision->'storage'->'images') = 'array'
       THEN ARRAY(SELECT jsonb_array_elements_text(decision->'storage'->'images')) ELSE ARRAY[]::text[] END AS kinds,
  decision->'storage'->>'provider' AS provider`;

export interface StoredSessionImagesRow {
  id: string;
  organization_id: string;
  kinds: string[] | null;
  provider: string | null;
}

export function toStoredSessionImages(row: StoredSessionImagesRow): StoredSessionImages {
  const kinds = row.kinds ?? [];
  return {
    kycValidationId: row.id,
    organizationId: row.organization_id,
    kinds,
    // Decisions written before S3 existed name no provider: they are `local`, like anything unknown.
    storageProvider: kinds.length === 0 ? null : row.provider === 's3' ? 's3' : 'local',
  };
}
