import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '@app/core';

export interface IssuedChallenge {
  /** Challenges issued to the session so far, this one included. */
  attempts: number;
}

export interface FrameHashes {
  sha256: string;
  perceptualHash: string;
}

/**
 * The hosted page's liveness challenge state on a validation (the nonce's hash, its steps and
 * expiry, the number of challenges issued) and the organization's memory of decided selfie frames
 * (hashes only). Each challenge is consumed at most once: the nonce hash is cleared atomically.
 */
@Injectable()
export class SessionLivenessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Replaces any open challenge of an in-progress validation with a new one, unless `maxAttempts`
   * challenges were already issued. Null when the validation is not in progress or out of attempts.
   */
  async issueChallenge(
    validationId: string,
    nonceHash: string,
    steps: string[],
    expiresAt: Date,
    maxAttempts: number,
  ): Promise<IssuedChallenge | null> {
    if (!isUuid(validationId)) return null;
    const [rows] = await this.dataSource.query<[Array<{ liveness_attempts: number }>, number]>(
      `UPDATE kyc_validations
          SET liveness_nonce_hash = $2, liveness_steps = $3, liveness_nonce_expires_at = $4,
              liveness_attempts = liveness_attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'in_progress' AND liveness_attempts < $5
        RETURNING liveness_attempts`,
      [validationId, nonceHash, steps, expiresAt, maxAttempts],
    );
    return rows.length > 0 ? { attempts: rows[0].liveness_attempts } : null;
  }

  /**
   * Takes the validation's open challenge if `nonceHash` is its nonce and it has not expired: its
   * steps, and the challenge is gone (a nonce works once). Null otherwise (unknown, used, expired).
   */
  async consumeChallenge(validationId: string, nonceHash: string, now: Date): Promise<{ steps: string[]; attempts: number } | null> {
    if (!isUuid(validationId)) return null;
    const [rows] = await this.dataSource.query<[Array<{ steps: string[]; liveness_attempts: number }>, number]>(
      `WITH old AS (
         SELECT id, liveness_steps AS steps FROM kyc_validations
          WHERE id = $1 AND liveness_nonce_hash = $2 AND liveness_nonce_expires_at > $3
          FOR UPDATE)
       UPDATE kyc_validations v
          SET liveness_nonce_hash = NULL, liveness_steps = NULL, liveness_nonce_expires_at = NULL
         FROM old
        WHERE v.id = old.id
        RETURNING old.steps, v.liveness_attempts`,
      [validationId, nonceHash, now],
    );
    return rows.length > 0 ? { steps: rows[0].steps, attempts: rows[0].liveness_attempts } : null;
  }

  /** Challenges issued to the validation so far. */
  async attemptsOf(validationId: string): Promise<number> {
    if (!isUuid(validationId)) return 0;
    const rows = await this.dataSource.query<Array<{ liveness_attempts: number }>>(
      'SELECT liveness_attempts FROM kyc_validations WHERE id = $1',
      [validationId],
    );
    return rows[0]?.liveness_attempts ?? 0;
  }

  /** Whether the organization has seen any of these frames in another validation (same bytes, or the same perceptual hash). */
  async seenElsewhere(organizationId: string, validationId: string, frames: FrameHashes[]): Promise<boolean> {
    if (frames.length === 0) return false;
    const rows = await this.dataSource.query<Array<{ found: number }>>(
      `SELECT 1 AS found FROM session_frame_hashes
        WHERE organization_id = $1 AND kyc_validation_id <> $2
          AND (sha256 = ANY($3::text[]) OR perceptual_hash = ANY($4::text[]))
        LIMIT 1`,
      [organizationId, validationId, frames.map((f) => f.sha256), frames.map((f) => f.perceptualHash)],
    );
    return rows.length > 0;
  }

  /** Remembers a decided validation's frames (hashes only). */
  async recordFrameHashes(organizationId: string, entityId: string, validationId: string, frames: FrameHashes[]): Promise<void> {
    if (frames.length === 0) return;
    const values = frames.map(
      (_, i) =>
        `($${i * 3 + 1}::uuid, $${i * 3 + 2}, $${i * 3 + 3}, $${frames.length * 3 + 1}::uuid, $${frames.length * 3 + 2}::uuid, $${frames.length * 3 + 3}::uuid)`,
    );
    await this.dataSource.query(
      `INSERT INTO session_frame_hashes (id, sha256, perceptual_hash, organization_id, entity_id, kyc_validation_id) VALUES ${values.join(', ')}`,
      [...frames.flatMap((f) => [randomUUID(), f.sha256, f.perceptualHash]), organizationId, entityId, validationId],
    );
  }
}
