import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { faceConfig, FaceConfig } from '@app/core';
import { parse } from '../audit-trail/parsed';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { readMultipartInput } from '../http/multipart-dto';
import { sendStoredImage } from '../http/stored-image';
import { recordId } from '../http/uuid';
import {
  IdVerificationFormDto,
  IdVerificationListResponseDto,
  IdVerificationRecordDto,
  IdVerificationResponseDto,
  ListIdVerificationsQueryDto,
  toIdVerificationRecord,
  toIdVerificationResponse,
} from './id-verification.dto';
import { ID_VERIFICATION_IMAGE_FIELDS, IdVerificationService } from './id-verification.service';
import { ApiErrorResponses, ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('ID Verification')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@Controller('kyc/id-verification')
export class IdVerificationController {
  constructor(
    private readonly idVerification: IdVerificationService,
    @Inject(faceConfig.KEY) private readonly face: FaceConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Read and check an Argentine DNI',
    description: 'multipart/form-data; the front is read from its PDF417 barcode.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: IdVerificationFormDto })
  @ApiOkResponse({ type: IdVerificationResponseDto })
  @ApiErrorResponses(404, 409, 413)
  async create(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<IdVerificationResponseDto> {
    const { row, extractedData } = await this.idVerification.verify({
      principal,
      requestId: request.id,
      // Read here and handed over as a value: a body that cannot be read is still audited by the service.
      form: await parse(() =>
        readMultipartInput(
          request,
          ID_VERIFICATION_IMAGE_FIELDS,
          { maxImageBytes: this.face.imageMaxBytes, maxTextFieldBytes: 4096 },
          IdVerificationFormDto,
        ),
      ),
    });
    return toIdVerificationResponse(row, extractedData);
  }

  @Get('verifications')
  @ApiOperation({ summary: 'List ID verification audit records, newest first' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListIdVerificationsQueryDto,
  ): Promise<IdVerificationListResponseDto> {
    const { entityId, status, limit, offset } = query;
    const page = await this.idVerification.list(principal.organizationId, { entityId, status }, limit, offset);
    return {
      verifications: page.items.map(({ row, extractedData }) => toIdVerificationRecord(row, extractedData)),
      pagination: { limit, offset, total: page.total },
    };
  }

  @Get('verifications/:id')
  @ApiOperation({ summary: 'One ID verification audit record' })
  @ApiErrorResponses(404)
  async findOne(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<IdVerificationRecordDto> {
    const { row, extractedData } = await this.idVerification.findOne(principal.organizationId, recordId(id, 'ID verification'));
    return toIdVerificationRecord(row, extractedData);
  }

  @Get('verifications/:id/document-front-image')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/tiff')
  @ApiOperation({ summary: 'The stored front image of an ID verification' })
  @ApiErrorResponses(404)
  async frontImage(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendStoredImage(reply, await this.idVerification.readImage(principal.organizationId, recordId(id, 'ID verification'), 'front'));
  }

  @Get('verifications/:id/document-back-image')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/tiff')
  @ApiOperation({ summary: 'The stored back image of an ID verification' })
  @ApiErrorResponses(404)
  async backImage(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendStoredImage(reply, await this.idVerification.readImage(principal.organizationId, recordId(id, 'ID verification'), 'back'));
  }
}
