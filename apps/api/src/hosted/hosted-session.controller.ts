import { Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { DomainError, faceConfig, FaceConfig } from '@app/core';
import { Public } from '../auth/auth.decorators';
import { readMultipartForm } from '../http/multipart-form';
import { HostedRateLimitGuard } from './hosted-rate-limit.guard';
import { HostedChallengeDto, HostedSessionStateDto } from './hosted-session.dto';
import { HostedSessionService } from './hosted-session.service';
import { FRAME_FIELDS, HostedLivenessService } from './liveness/hosted-liveness.service';
import { ApiErrorResponses } from '../http/api-error-responses';

/** A frame is a phone-sized JPEG (about 640 px); 1 MB leaves room and bounds a submission to 12 MB. */
const FRAME_MAX_BYTES = 1024 * 1024;

/** The hosted capture page's endpoints: authenticated by the session token in the path only. */
@ApiTags('Hosted capture page')
@Public()
@ApiErrorResponses(400, 404, 409, 429, 500, 503)
@UseGuards(HostedRateLimitGuard)
@Controller('kyc/session/:token')
export class HostedSessionController {
  constructor(
    private readonly sessions: HostedSessionService,
    private readonly liveness: HostedLivenessService,
    @Inject(faceConfig.KEY) private readonly face: FaceConfig,
  ) {}

  @Get('state')
  @ApiOperation({ summary: 'The session as the hosted page sees it' })
  state(@Param('token') token: string): Promise<HostedSessionStateDto> {
    return this.sessions.state(token);
  }

  @Post('consent')
  @HttpCode(200)
  @ApiOperation({ summary: 'The person consents: the session becomes in_progress (once)' })
  consent(@Param('token') token: string): Promise<HostedSessionStateDto> {
    return this.sessions.consent(token);
  }

  @Post('document')
  @HttpCode(200)
  @ApiOperation({ summary: 'The document front photo (multipart `document`: file or base64; once)' })
  @ApiErrorResponses(413)
  async document(@Param('token') token: string, @Req() request: FastifyRequest): Promise<HostedSessionStateDto> {
    return this.sessions.document(token, () => this.readImage(request, 'document'));
  }

  @Post('challenge')
  @HttpCode(200)
  @ApiOperation({ summary: 'A liveness challenge for the live selfie: random steps and a single-use nonce (a limited number per session)' })
  challenge(@Param('token') token: string): Promise<HostedChallengeDto> {
    return this.liveness.challenge(token);
  }

  @Post('liveness')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The challenge frames (multipart `nonce` + JPEG parts `center_0`, `turn_left_0`, ...); answers with the decided status, or a retry',
  })
  @ApiErrorResponses(413)
  async verifyLiveness(@Param('token') token: string, @Req() request: FastifyRequest): Promise<HostedSessionStateDto> {
    return this.liveness.verify(token, () =>
      readMultipartForm(request, FRAME_FIELDS, { maxImageBytes: FRAME_MAX_BYTES, maxTextFieldBytes: 256 }),
    );
  }

  @Post('selfie')
  @HttpCode(200)
  @ApiOperation({
    summary: 'An uploaded selfie instead of the live capture (multipart `selfie`; only when the organization allows it; always reviewed)',
  })
  @ApiErrorResponses(403, 413)
  async selfie(@Param('token') token: string, @Req() request: FastifyRequest): Promise<HostedSessionStateDto> {
    return this.sessions.selfie(token, () => this.readImage(request, 'selfie'));
  }

  private async readImage(request: FastifyRequest, field: 'document' | 'selfie'): Promise<Buffer> {
    const form = await readMultipartForm(request, [field], { maxImageBytes: this.face.imageMaxBytes, maxTextFieldBytes: 256 });
    const bytes = form.images[field];
    if (!bytes) throw DomainError.invalid(`${field}: required (a file part or a base64 string)`, { field });
    return bytes;
  }
}
