import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { KycSessionRepository } from './kyc-session.repository';
import { KycSessions } from './kyc-sessions.service';
import { SessionDecisionRepository } from './session-decision.repository';
import { SessionSweep } from './session-sweep';

/** The owner and its clock; its repositories stay inside, so every status write goes through KycSessions. */
const EXPORTED = [Clock, KycSessions, SessionSweep];

/**
 * The KYC session's owner for an application (the API and the worker import it once, at the root).
 * `clock` is the machine's unless a test hands in its own, shared by every process part it builds.
 * Needs the audit, queue and storage modules (global in both applications).
 */
@Global()
@Module({})
export class SessionModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: SessionModule,
      providers: [{ provide: Clock, useValue: clock }, KycSessionRepository, SessionDecisionRepository, KycSessions, SessionSweep],
      exports: EXPORTED,
    };
  }
}
