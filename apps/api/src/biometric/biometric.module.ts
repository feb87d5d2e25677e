import { Module } from '@nestjs/common';
import { BiometricController } from './biometric.controller';
import { BiometricCheckService } from './biometric-check.service';
import { OpenedTemplateCache } from './opened-template-cache';
import { TemplateCacheBroadcast } from './template-cache-broadcast';

@Module({
  controllers: [BiometricController],
  providers: [BiometricCheckService, OpenedTemplateCache, TemplateCacheBroadcast],
  exports: [OpenedTemplateCache, TemplateCacheBroadcast],
})
export class BiometricModule {}
