import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KycValidation } from '@app/audit';

/**
 * The hosted page's one lookup the validations repository does not offer: a session by the SHA-256
 * of its token. Kept here, separate from KycValidationRepository (owned by the validations feature);
 * it can move there as `findBySessionTokenHash` without changing its callers.
 */
@Injectable()
export class HostedSessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when no validation has this token hash. */
  findByTokenHash(tokenHash: string): Promise<KycValidation | null> {
    return this.dataSource.getRepository(KycValidation).findOne({ where: { sessionTokenHash: tokenHash } });
  }
}
