import { Module } from '@nestjs/common';
import { SessionDecisionModule } from '../validations/decision/session-decision.module';
import { HostedPageController } from './hosted-page.controller';
import { HostedRateLimitGuard } from './hosted-rate-limit.guard';
import { HostedSessionController } from './hosted-session.controller';
import { HostedSessionService } from './hosted-session.service';
import { FrameAnalyzer } from './liveness/frame-analyzer';
import { HostedLivenessService } from './liveness/hosted-liveness.service';
import { HostedUploadLock } from './hosted-upload-lock';

/** The hosted capture page at `providerSessionUrl` and its token-authenticated endpoints. */
@Module({
  imports: [SessionDecisionModule],
  controllers: [HostedPageController, HostedSessionController],
  providers: [HostedSessionService, HostedLivenessService, FrameAnalyzer, HostedRateLimitGuard, HostedUploadLock],
})
export class HostedModule {}
