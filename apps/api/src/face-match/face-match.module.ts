import { Module } from '@nestjs/common';
import { DocumentModule } from '@app/document';
import { FaceMatchController } from './face-match.controller';
import { FaceMatchService } from './face-match.service';
import { RenaperDoubleCheckService } from './renaper-double-check.service';

@Module({ imports: [DocumentModule], controllers: [FaceMatchController], providers: [FaceMatchService, RenaperDoubleCheckService] })
export class FaceMatchModule {}
