import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '@app/core';
import { HostedAsset, loadHostedAssets } from './hosted-assets';
import { HostedRateLimitGuard } from './hosted-rate-limit.guard';

/**
 * Only this host's own files may run or load (the page must work on a closed network); the camera
 * preview and captures are blob:/mediastream: URLs. The token is in the URL: no referrer leaves.
 */
export const HOSTED_PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': HOSTED_PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
  'cache-control': 'no-store',
};

/**
 * The hosted capture page (one HTML file), its scripts (its words, a shared toolkit, the selfie step, the flow) and
 * styles, served by the API itself, each with the page's security headers.
 */
@ApiExcludeController()
@Public()
@UseGuards(HostedRateLimitGuard)
@Controller('kyc')
export class HostedPageController {
  private readonly assets = loadHostedAssets();

  @Get('session/:token')
  page(@Res() reply: FastifyReply): void {
    this.send(reply, this.assets.page);
  }

  @Get('hosted/:file')
  file(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const asset = this.assets.files.get(file);
    if (!asset) throw DomainError.notFound(`The hosted page's file ${JSON.stringify(file.slice(0, 64))}`);
    this.send(reply, asset);
  }

  private send(reply: FastifyReply, asset: HostedAsset): void {
    void reply.headers(SECURITY_HEADERS).type(asset.contentType).send(asset.body);
  }
}
