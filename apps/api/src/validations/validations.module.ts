import { Module } from '@nestjs/common';
import { SessionDecisionModule } from './decision/session-decision.module';
import { ValidationPresenter } from './validation-presenter';
import { ValidationsController } from './validations.controller';
import { ValidationsService } from './validations.service';

@Module({ imports: [SessionDecisionModule], controllers: [ValidationsController], providers: [ValidationsService, ValidationPresenter] })
export class ValidationsModule {}
