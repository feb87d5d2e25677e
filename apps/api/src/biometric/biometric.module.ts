import { Module } from '@nestjs/common';
import { BiometricController } from './biometric.controller';
import { BiometricCheckService } from './biometric-check.service';
import { OpenedTemplateCache } from './opened-template-cache';

@Module({ controllers: [BiometricController], providers: [BiometricCheckService, OpenedTemplateCache], exports: [OpenedTemplateCache] })
export class BiometricModule {}
