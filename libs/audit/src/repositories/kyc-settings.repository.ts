import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid } from '@app/core';
import { KycSettingsChange, OrganizationKycSettings } from '../entities';
import { applyKycSettingsPatch, KycSettingsPatch, SecretCodec } from '../kyc-settings/kyc-settings-patch';

/** One secret column of one settings row, as stored (sealed, or plaintext from before sealing existed). */
export interface StoredSettingsSecret {
  organizationId: string;
  field: 'webhookSecret' | 'renaperPassword';
  value: string;
}

const SECRET_COLUMNS = { webhookSecret: 'webhook_secret', renaperPassword: 'renaper_password' } as const;

@Injectable()
export class KycSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organization's settings; NOT_FOUND when the organization does not exist (they are created together). */
  async findForOrganization(organizationId: string): Promise<OrganizationKycSettings> {
    const settings = isUuid(organizationId)
      ? await this.dataSource.getRepository(OrganizationKycSettings).findOneBy({ organizationId })
      : null;
    if (!settings) throw DomainError.notFound(`Organization ${organizationId}`);
    return settings;
  }

  /**
   * Applies the patch and logs what changed (secrets masked) in one transaction. The row is locked
   * first so that two concurrent PATCHes each log the true old value. A patch that changes
   * nothing writes nothing. Secrets are written sealed with `secrets`.
   */
  updateWithChangeLog(
    organizationId: string,
    patch: KycSettingsPatch,
    changedByUserId: string,
    secrets: SecretCodec,
  ): Promise<OrganizationKycSettings> {
    return this.dataSource.transaction(async (manager) => {
      const current = isUuid(organizationId)
        ? await manager.findOne(OrganizationKycSettings, { where: { organizationId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!current) throw DomainError.notFound(`Organization ${organizationId}`);

      const { values, changes } = applyKycSettingsPatch(current, patch, secrets);
      if (Object.keys(changes).length === 0) return current;

      await manager.update(OrganizationKycSettings, { organizationId }, { ...values, updatedByUserId: changedByUserId });
      await manager.save(manager.create(KycSettingsChange, { organizationId, changedByUserId, changes }));
      return manager.findOneByOrFail(OrganizationKycSettings, { organizationId });
    });
  }

  /** The latest changes, newest first. */
  async listChanges(organizationId: string, limit: number): Promise<KycSettingsChange[]> {
    if (!isUuid(organizationId)) return [];
    return this.dataSource.getRepository(KycSettingsChange).find({
      where: { organizationId },
      order: { changedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** Rows holding at least one secret, by organization id, for sealing and key rotation. */
  async findStoredSecretsAfter(
    afterOrganizationId: string | null,
    limit: number,
  ): Promise<{ organizationId: string; secrets: StoredSettingsSecret[] }[]> {
    const rows: { organization_id: string; webhook_secret: string | null; renaper_password: string | null }[] = await this.dataSource.query(
      `SELECT organization_id, webhook_secret, renaper_password FROM organization_kyc_settings
        WHERE (webhook_secret IS NOT NULL OR renaper_password IS NOT NULL) AND ($1::uuid IS NULL OR organization_id > $1::uuid)
        ORDER BY organization_id LIMIT $2`,
      [afterOrganizationId, limit],
    );
    return rows.map((row) => {
      const secrets: StoredSettingsSecret[] = [];
      if (row.webhook_secret !== null)
        secrets.push({ organizationId: row.organization_id, field: 'webhookSecret', value: row.webhook_secret });
      if (row.renaper_password !== null)
        secrets.push({ organizationId: row.organization_id, field: 'renaperPassword', value: row.renaper_password });
      return { organizationId: row.organization_id, secrets };
    });
  }

  /** Replaces one stored secret (re-sealed) only if it still holds `expected`, so a concurrent PATCH is never overwritten. */
  async replaceStoredSecret(secret: StoredSettingsSecret, expected: string): Promise<boolean> {
    const column = SECRET_COLUMNS[secret.field];
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE organization_kyc_settings SET ${column} = $1 WHERE organization_id = $2 AND ${column} = $3`,
      [secret.value, secret.organizationId, expected],
    );
    return result[1] === 1;
  }
}
