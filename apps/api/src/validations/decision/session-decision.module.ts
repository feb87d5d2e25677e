import { Module } from '@nestjs/common';
import { DocumentModule } from '@app/document';
import { SessionDecisionService } from './session-decision.service';
import { SessionDocumentService } from './session-document.service';

/** The decision of a submitted session and the reading of its DNI front; imported by the hosted capture page and the validations API. */
@Module({
  imports: [DocumentModule],
  providers: [SessionDecisionService, SessionDocumentService],
  exports: [SessionDecisionService, SessionDocumentService],
})
export class SessionDecisionModule {}
