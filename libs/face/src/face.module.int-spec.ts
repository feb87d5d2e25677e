import { Injectable, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { CONFIG_NAMESPACES } from '@app/core';
import { FaceEngine } from './engine/face-engine';
import { FaceModule } from './face.module';

@Injectable()
class NeedsFaces {
  constructor(readonly engine: FaceEngine) {}
}

@Module({ providers: [NeedsFaces] })
class ConsumerModule {}

describe('FaceModule', () => {
  it('starts the engine from the face config on init and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: CONFIG_NAMESPACES }), FaceModule],
    }).compile();
    const engine = moduleRef.get(FaceEngine);
    expect(engine.status().ready).toBe(false);
    await moduleRef.init();
    expect(engine.status()).toEqual({
      ready: true,
      workers: 2,
      queued: 0,
      reserved: 0,
      modelVersion: 'fr_feature@faceplugin-0.0.1 & frnet@face-api-1.7.15',
      embedders: ['fr_feature@faceplugin-0.0.1', 'frnet@face-api-1.7.15'],
    });
    await moduleRef.close();
    expect(engine.status().ready).toBe(false);
  });

  it('can be registered once as a global module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [FaceModule.forRoot({ global: true }), ConsumerModule],
    }).compile();
    expect(moduleRef.get(NeedsFaces).engine).toBe(moduleRef.get(FaceEngine));
    await moduleRef.close();
  });
});
