import { Module } from '@nestjs/common';
import { BiometricModule } from '../biometric/biometric.module';
import { BiometricErasureService } from './biometric-erasure.service';
import { EntitiesController } from './entities.controller';
import { EntitiesService } from './entities.service';

@Module({ imports: [BiometricModule], controllers: [EntitiesController], providers: [EntitiesService, BiometricErasureService] })
export class EntitiesModule {}
