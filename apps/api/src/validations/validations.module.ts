import { Module } from '@nestjs/common';
import { ValidationsController } from './validations.controller';
import { ValidationsService } from './validations.service';

@Module({ controllers: [ValidationsController], providers: [ValidationsService] })
export class ValidationsModule {}
