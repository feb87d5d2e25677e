import { Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { DomainError, faceConfig, FaceConfig } from '@app/core';
import { Public } from '../auth/auth.decorators';
import { readMultipartForm } from '../http/multipart-form';
import { HostedRateLimitGuard } from './hosted-rate-limit.guard';
import { HostedSessionStateDto } from './hosted-session.dto';
import { HostedSessionService } from './hosted-session.service';

/** The hosted capture page's endpoints: authenticated by the session token in the path only. */
@ApiTags('Hosted capture page')
@Public()
@UseGuards(HostedRateLimitGuard)
@Controller('kyc/session/:token')
export class HostedSessionController {
  constructor(
    private readonly sessions: HostedSessionService,
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
  async document(@Param('token') token: string, @Req() request: FastifyRequest): Promise<HostedSessionStateDto> {
    return this.sessions.document(token, () => this.readImage(request, 'document'));
  }

  @Post('selfie')
  @HttpCode(200)
  @ApiOperation({ summary: 'The selfie (multipart `selfie`: file or base64; once); answers with the decided status' })
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
