import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ValidationLifecycle } from './validation-lifecycle';
import { ValidationSweepSchedule } from './validation-sweep-schedule';
import { ValidationsProcessor } from './validations.processor';

/** The lifecycle of validation sessions: the scheduled sweep that expires and abandons them. */
@Module({
  imports: [WebhooksModule],
  providers: [ValidationLifecycle, ValidationSweepSchedule, ValidationsProcessor],
  exports: [ValidationSweepSchedule],
})
export class ValidationsModule {}
