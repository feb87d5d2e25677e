import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { faceConfig, FaceConfig } from '@app/core';
import { parse } from '../audit-trail/parsed';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { readMultipartInput } from '../http/multipart-dto';
import { sendStoredImage } from '../http/stored-image';
import { recordId } from '../http/uuid';
import { validatePlain } from '../http/validation';
import {
  FaceMatchFormDto,
  FaceMatchQueryDto,
  FaceMatchResponseDto,
  ListVerificationsQueryDto,
  toFaceMatchResponse,
  toVerificationResponse,
  VerificationListResponseDto,
  VerificationResponseDto,
} from './face-match.dto';
import { FACE_MATCH_IMAGE_FIELDS, FaceMatchService } from './face-match.service';
import { ApiErrorResponses, ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('Face Match')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@Controller('kyc/face-match')
export class FaceMatchController {
  constructor(
    private readonly faceMatch: FaceMatchService,
    @Inject(faceConfig.KEY) private readonly face: FaceConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Compare a document photo with a selfie',
    description: 'multipart/form-data only; images as file parts or base64 strings.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: FaceMatchFormDto })
  @ApiOkResponse({ type: FaceMatchResponseDto })
  @ApiErrorResponses(404, 409, 413)
  @ApiQuery({
    name: 'doubleCheckRenaper',
    required: false,
    type: Boolean,
    description: 'Run the RENAPER double-check; wins over the body field',
  })
  async create(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<FaceMatchResponseDto> {
    // Read here and handed over as values: a bad query or body is audited by the service like any failed call.
    const query = await parse(() => validatePlain(FaceMatchQueryDto, request.query as Record<string, unknown>, { forbidUnknown: true }));
    const opened = await this.faceMatch.open({ principal, requestId: request.id, query });
    // Only once the call holds room in the face engine: a refused flood never has its images buffered.
    const limits = { maxImageBytes: this.face.imageMaxBytes, maxTextFieldBytes: 4096 };
    const form = await parse(() => readMultipartInput(request, FACE_MATCH_IMAGE_FIELDS, limits, FaceMatchFormDto));
    const row = await this.faceMatch.verify(opened, form);
    return toFaceMatchResponse(row);
  }

  @Get('verifications')
  @ApiOperation({ summary: 'List face-match audit records, newest first' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListVerificationsQueryDto): Promise<VerificationListResponseDto> {
    const { entityId, status, limit, offset } = query;
    const page = await this.faceMatch.list(principal.organizationId, { entityId, status }, limit, offset);
    return {
      verifications: page.items.map(toVerificationResponse),
      scoreDeclineThreshold: page.scoreDeclineThreshold,
      pagination: { limit, offset, total: page.total },
    };
  }

  @Get('verifications/:id')
  @ApiOperation({ summary: 'One face-match audit record' })
  @ApiErrorResponses(404)
  async findOne(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<VerificationResponseDto> {
    return toVerificationResponse(await this.faceMatch.findOne(principal.organizationId, recordId(id, 'Verification')));
  }

  @Get('verifications/:id/document-image')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/tiff')
  @ApiOperation({ summary: 'The stored document image of a verification' })
  @ApiErrorResponses(404)
  async documentImage(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendStoredImage(reply, await this.faceMatch.readImage(principal.organizationId, recordId(id, 'Verification'), 'document'));
  }

  @Get('verifications/:id/selfie-image')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/tiff')
  @ApiOperation({ summary: 'The stored selfie image of a verification' })
  @ApiErrorResponses(404)
  async selfieImage(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendStoredImage(reply, await this.faceMatch.readImage(principal.organizationId, recordId(id, 'Verification'), 'selfie'));
  }
}
