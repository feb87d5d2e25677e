import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '@app/core';
import { BiometricCheck } from '../entities';

export type NewBiometricCheck = Omit<BiometricCheck, 'createdAt'>;

/** The audit trail of `POST /api/kyc/biometric`: one row per authenticated call. */
@Injectable()
export class BiometricCheckRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordCheck(check: NewBiometricCheck): Promise<void> {
    await this.dataSource.getRepository(BiometricCheck).insert(check);
  }

  /** The organization's checks for one request id (support and tests). */
  findByRequestId(organizationId: string, requestId: string): Promise<BiometricCheck[]> {
    return this.dataSource.getRepository(BiometricCheck).find({ where: { organizationId, requestId }, order: { createdAt: 'ASC' } });
  }

  /** The entity's checks, newest first. */
  listForEntity(organizationId: string, entityId: string, limit = 50): Promise<BiometricCheck[]> {
    if (!isUuid(entityId)) return Promise.resolve([]);
    return this.dataSource
      .getRepository(BiometricCheck)
      .find({ where: { organizationId, entityId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
