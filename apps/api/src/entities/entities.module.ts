import { Module } from '@nestjs/common';
import { BiometricErasureService } from './biometric-erasure.service';
import { EntitiesController } from './entities.controller';
import { EntitiesService } from './entities.service';

@Module({ controllers: [EntitiesController], providers: [EntitiesService, BiometricErasureService] })
export class EntitiesModule {}
