import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { KycSettingsChange, OrganizationKycSettings } from '../entities';
import { applyKycSettingsPatch, KycSettingsPatch } from '../kyc-settings/kyc-settings-patch';
import { isUuid } from './query-errors';

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
   * nothing writes nothing.
   */
  updateWithChangeLog(organizationId: string, patch: KycSettingsPatch, changedByUserId: string): Promise<OrganizationKycSettings> {
    return this.dataSource.transaction(async (manager) => {
      const current = isUuid(organizationId)
        ? await manager.findOne(OrganizationKycSettings, { where: { organizationId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!current) throw DomainError.notFound(`Organization ${organizationId}`);

      const { values, changes } = applyKycSettingsPatch(current, patch);
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
}
