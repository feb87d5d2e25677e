import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ValidationLifecycle } from './validation-lifecycle';
import { ValidationsProcessor } from './validations.processor';

/** The lifecycle of validation sessions: the scheduled sweep that expires and abandons them. */
@Module({
  imports: [WebhooksModule],
  providers: [ValidationLifecycle, ValidationsProcessor],
})
export class ValidationsModule {}
