import { Module } from '@nestjs/common';
import { ValidationsModule } from '../validations/validations.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { RecoverySweeper } from './recovery-sweeper';
import { RenaperRecovery } from './renaper-recovery';

/** Puts back, from the database, what Redis lost: schedulers and the jobs of unfinished records. */
@Module({
  imports: [WebhooksModule, ValidationsModule],
  providers: [RenaperRecovery, RecoverySweeper],
})
export class RecoveryModule {}
