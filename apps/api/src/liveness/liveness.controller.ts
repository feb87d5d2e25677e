import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { faceConfig, FaceConfig } from '@app/core';
import { parse } from '../audit-trail/parsed';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { readUserImageInput } from '../biometric/biometric-input';
import { sendStoredImage } from '../http/stored-image';
import { recordId } from '../http/uuid';
import {
  ListLivenessChecksQueryDto,
  LivenessCheckListResponseDto,
  LivenessCheckResponseDto,
  LivenessFormDto,
  LivenessJsonDto,
  LivenessMultipartDto,
  LivenessResponseDto,
  toLivenessCheckResponse,
  toLivenessResponse,
} from './liveness.dto';
import { LivenessService } from './liveness.service';
import { ApiErrorResponses, ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('Liveness')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@ApiExtraModels(LivenessJsonDto, LivenessMultipartDto)
@Controller('kyc/liveness')
export class LivenessController {
  constructor(
    private readonly liveness: LivenessService,
    @Inject(faceConfig.KEY) private readonly face: FaceConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Is this selfie a live person (not a print, a screen or a cut-out)?',
    description:
      "application/json { user_image, entityId? } or multipart/form-data with userImage or user_image (file or base64). Passive, single image: see the project's docs/accuracy.md (Liveness) for what it catches and what it does not. Needs liveness.enabled in the KYC settings.",
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(LivenessJsonDto) }, { $ref: getSchemaPath(LivenessMultipartDto) }] } })
  @ApiOkResponse({ type: LivenessResponseDto })
  @ApiErrorResponses(404, 409, 413)
  async check(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<LivenessResponseDto> {
    const row = await this.liveness.check({
      principal,
      requestId: request.id,
      // Read here and handed over as a value: a body that cannot be read is still recorded by the service.
      input: await parse(() =>
        readUserImageInput(
          request,
          { maxImageBytes: this.face.imageMaxBytes, maxTextFieldBytes: 1024 },
          { form: LivenessFormDto, json: LivenessJsonDto, jsonShape: '{ user_image, entityId? }' },
        ),
      ),
    });
    return toLivenessResponse(row);
  }

  @Get('checks')
  @ApiOperation({ summary: 'List liveness audit records, newest first' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListLivenessChecksQueryDto): Promise<LivenessCheckListResponseDto> {
    const { entityId, status, limit, offset } = query;
    const page = await this.liveness.list(principal.organizationId, { entityId, status }, limit, offset);
    return { checks: page.items.map(toLivenessCheckResponse), pagination: { limit, offset, total: page.total } };
  }

  @Get('checks/:id')
  @ApiOperation({ summary: 'One liveness audit record' })
  @ApiErrorResponses(404)
  async findOne(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<LivenessCheckResponseDto> {
    return toLivenessCheckResponse(await this.liveness.findOne(principal.organizationId, recordId(id, 'Liveness check')));
  }

  @Get('checks/:id/image')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/tiff')
  @ApiOperation({ summary: 'The stored image of a liveness check' })
  @ApiErrorResponses(404)
  async image(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendStoredImage(reply, await this.liveness.readImage(principal.organizationId, recordId(id, 'Liveness check')));
  }
}
