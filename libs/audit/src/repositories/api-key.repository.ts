import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { DomainError, isUuid } from '@app/core';
import { hashApiKey } from '../api-keys/api-key-secret';
import { ApiKey, MemberRole, Organization } from '../entities';
import { issueServiceAccountKey } from './service-account-key';

export interface CreatedApiKey {
  /** Plaintext key: shown once, only its hash is stored. */
  apiKey: string;
  apiKeyId: string;
  userId: string;
}

export interface ActiveApiKey {
  apiKeyId: string;
  userId: string;
  /** Every organization the key's user can act for; empty when it belongs to none. */
  memberships: { organizationId: string; role: MemberRole }[];
}

/** `last_used_at` is a hint for humans; writing it at most once a minute keeps authentication cheap. */
const LAST_USED_RESOLUTION = '1 minute';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new service account with `role` in the organization, and its API key. */
  createForOrganization(organizationId: string, role: MemberRole, name?: string | null): Promise<CreatedApiKey> {
    return this.dataSource.transaction(async (manager) => {
      // FOR SHARE keeps the organization from disappearing before the membership row lands.
      const organization = isUuid(organizationId)
        ? await manager.findOne(Organization, { where: { id: organizationId }, lock: { mode: 'pessimistic_read' } })
        : null;
      if (!organization) throw DomainError.notFound(`Organization ${organizationId}`);
      const issued = await issueServiceAccountKey(manager, organizationId, role, name ?? null);
      return { apiKey: issued.apiKey, apiKeyId: issued.apiKeyId, userId: issued.user.id };
    });
  }

  /** The key's owner and memberships, or null when the key is unknown or revoked. */
  async findActiveByKey(plaintextKey: string): Promise<ActiveApiKey | null> {
    const rows: { api_key_id: string; user_id: string; organization_id: string | null; role: MemberRole | null }[] = await this.dataSource
      .createQueryBuilder()
      .select(['k.id AS api_key_id', 'k.user_id AS user_id', 'm.organization_id AS organization_id', 'm.role AS role'])
      .from(ApiKey, 'k')
      .leftJoin('organization_members', 'm', 'm.user_id = k.user_id')
      .where('k.key_hash = :hash', { hash: hashApiKey(plaintextKey) })
      .andWhere('k.revoked_at IS NULL')
      .orderBy('m.created_at', 'ASC')
      .getRawMany();
    if (rows.length === 0) return null;
    const memberships = rows.flatMap((row) =>
      row.organization_id && row.role ? [{ organizationId: row.organization_id, role: row.role }] : [],
    );
    return { apiKeyId: rows[0].api_key_id, userId: rows[0].user_id, memberships };
  }

  /** Records that the key was just used. Cheap and safe to fire and forget. */
  async touchLastUsed(apiKeyId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :apiKeyId', { apiKeyId })
      .andWhere(`(last_used_at IS NULL OR last_used_at < now() - interval '${LAST_USED_RESOLUTION}')`)
      .execute();
  }

  /**
   * Revokes a key given its id or its plaintext; true when an active key was revoked, false when
   * none matched or it was already revoked.
   */
  async revoke(idOrKey: string): Promise<boolean> {
    const where = isUuid(idOrKey) ? { id: idOrKey, revokedAt: IsNull() } : { keyHash: hashApiKey(idOrKey), revokedAt: IsNull() };
    const result = await this.dataSource.getRepository(ApiKey).update(where, { revokedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }
}
