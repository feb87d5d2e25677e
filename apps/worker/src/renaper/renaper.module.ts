import { Module } from '@nestjs/common';
import { renaperConfig, RenaperConfig } from '@app/core';
import { RenaperClient } from '@app/renaper';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DoubleCheckRunner } from './double-check.runner';
import { RenaperProcessor } from './renaper.processor';

@Module({
  imports: [WebhooksModule],
  providers: [
    {
      provide: RenaperClient,
      inject: [renaperConfig.KEY],
      useFactory: (config: RenaperConfig) => new RenaperClient({ timeoutMs: config.httpTimeoutMs }),
    },
    DoubleCheckRunner,
    RenaperProcessor,
  ],
})
export class RenaperModule {}
