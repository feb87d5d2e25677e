import { Module } from '@nestjs/common';
import { ValidationSweepSchedule } from './validation-sweep-schedule';
import { ValidationsProcessor } from './validations.processor';

/** The schedule of the session sweep (SessionSweep, in @app/session) that expires and abandons sessions. */
@Module({
  providers: [ValidationSweepSchedule, ValidationsProcessor],
  exports: [ValidationSweepSchedule],
})
export class ValidationsModule {}
