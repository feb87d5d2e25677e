import { Module } from '@nestjs/common';
import { DocumentModule } from '@app/document';
import { IdVerificationController } from './id-verification.controller';
import { IdVerificationService } from './id-verification.service';

@Module({ imports: [DocumentModule], controllers: [IdVerificationController], providers: [IdVerificationService] })
export class IdVerificationModule {}
