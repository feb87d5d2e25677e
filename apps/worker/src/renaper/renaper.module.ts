import { Module } from '@nestjs/common';
import { renaperConfig, RenaperConfig } from '@app/core';
import { RenaperClient } from '@app/renaper';
import { DoubleCheckRunner } from './double-check.runner';
import { RenaperProcessor } from './renaper.processor';

@Module({
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
