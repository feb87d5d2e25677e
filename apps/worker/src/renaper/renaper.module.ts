import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { outboundConfig, OutboundConfig, renaperConfig, RenaperConfig } from '@app/core';
import { OutboundHttp, OutboundModule } from '@app/outbound';
import { RenaperClient } from '@app/renaper';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DoubleCheckRunner } from './double-check.runner';
import { RenaperProcessor } from './renaper.processor';

@Module({
  imports: [WebhooksModule, OutboundModule, ConfigModule.forFeature(outboundConfig)],
  providers: [
    {
      provide: RenaperClient,
      inject: [renaperConfig.KEY, outboundConfig.KEY, OutboundHttp],
      useFactory: (config: RenaperConfig, outbound: OutboundConfig, http: OutboundHttp) =>
        new RenaperClient({ timeoutMs: config.httpTimeoutMs, outbound: http, maxResponseBytes: outbound.maxResponseBytes }),
    },
    DoubleCheckRunner,
    RenaperProcessor,
  ],
})
export class RenaperModule {}
