import { Module } from '@nestjs/common';
import { FaceMatchController } from './face-match.controller';
import { FaceMatchService } from './face-match.service';
import { RenaperDoubleCheckService } from './renaper-double-check.service';

@Module({ controllers: [FaceMatchController], providers: [FaceMatchService, RenaperDoubleCheckService] })
export class FaceMatchModule {}
