import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Organization, OrganizationKycSettings, User } from '../entities';
import { isUuid } from '@app/core';
import { issueServiceAccountKey } from './service-account-key';

export interface CreatedOrganization {
  organization: Organization;
  /** The service account behind the admin key. */
  user: User;
  /** Plaintext admin API key: shown once, only its hash is stored. */
  apiKey: string;
  apiKeyId: string;
}

@Injectable()
export class OrganizationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The organization, its default KYC settings, and an admin service account with an API key, all
   * or nothing: an organization nobody can act for would be unreachable.
   */
  createWithAdminKey(name: string): Promise<CreatedOrganization> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.save(manager.create(Organization, { name }));
      await manager.insert(OrganizationKycSettings, { organizationId: organization.id });
      const issued = await issueServiceAccountKey(manager, organization.id, 'admin', 'admin');
      return { organization, ...issued };
    });
  }

  async findById(id: string): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(Organization).findOneBy({ id });
  }
}
