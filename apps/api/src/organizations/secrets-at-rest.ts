import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { KycSettingsRepository } from '@app/audit';
import { SecretSealer, sealStoredSecrets } from '@app/storage';

/**
 * Seals, once at start-up, organization secrets written in clear before sealing existed (new ones
 * are sealed when written), so a database dump holds no secret without any migration needing the
 * keys. Rotation to a new key is `storage:reencrypt`'s job.
 */
@Injectable()
export class SecretsAtRest implements OnApplicationBootstrap {
  private readonly logger = new Logger('SecretsAtRest');

  constructor(
    private readonly settings: KycSettingsRepository,
    private readonly sealer: SecretSealer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const counts = await this.sealPlaintext();
      if (counts.sealed > 0) this.logger.log(`sealed ${counts.sealed} organization secret(s) stored in clear`);
    } catch (error) {
      // Not fatal: the secrets keep working; the next start or storage:reencrypt seals them.
      this.logger.error(`sealing stored secrets failed: ${(error as Error).message}`);
    }
  }

  sealPlaintext() {
    return sealStoredSecrets(this.settings, this.sealer, {
      rotate: false,
      report: (organizationId, error) =>
        this.logger.error(`organization ${organizationId}: a stored secret could not be sealed: ${error.message}`),
    });
  }
}
