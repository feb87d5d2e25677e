import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { outboundConfig, OutboundConfig } from '@app/core';
import { OutboundHttp } from './outbound-http';

/** Provides the process's one `OutboundHttp` (its connection pool closes with the application). */
@Module({
  imports: [ConfigModule.forFeature(outboundConfig)],
  providers: [
    {
      provide: OutboundHttp,
      inject: [outboundConfig.KEY],
      useFactory: (config: OutboundConfig) =>
        new OutboundHttp({ allowPrivateNetworks: config.allowPrivateNetworks, allowHosts: config.allowHosts }),
    },
  ],
  exports: [OutboundHttp],
})
export class OutboundModule implements OnModuleDestroy {
  constructor(@Inject(OutboundHttp) private readonly http: OutboundHttp) {}

  onModuleDestroy(): Promise<void> {
    return this.http.close();
  }
}
