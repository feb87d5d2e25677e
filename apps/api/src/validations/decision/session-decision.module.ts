import { Module } from '@nestjs/common';
import { SessionDecisionService } from './session-decision.service';

/** The decision of a submitted session; imported by the hosted capture page. */
@Module({ providers: [SessionDecisionService], exports: [SessionDecisionService] })
export class SessionDecisionModule {}
