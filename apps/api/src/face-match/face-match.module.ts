import { Module } from '@nestjs/common';
import { FaceMatchController } from './face-match.controller';
import { FaceMatchService } from './face-match.service';

@Module({ controllers: [FaceMatchController], providers: [FaceMatchService] })
export class FaceMatchModule {}
