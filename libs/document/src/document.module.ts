import { Global, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DniDocumentReader } from './dni-document-reader';

/** Provides the DNI reader; its thread starts with the application and stops with it. */
@Global()
@Module({
  providers: [{ provide: DniDocumentReader, useFactory: () => new DniDocumentReader() }],
  exports: [DniDocumentReader],
})
export class DocumentModule implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly reader: DniDocumentReader) {}

  onModuleInit(): Promise<void> {
    return this.reader.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.reader.close();
  }
}
