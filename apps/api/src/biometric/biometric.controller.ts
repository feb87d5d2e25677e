import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { faceConfig, FaceConfig } from '@app/core';
import { parse } from '../audit-trail/parsed';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { BiometricCheckJsonDto, BiometricCheckResponseDto, toBiometricCheckResponse } from './biometric-check.dto';
import { BiometricCheckService } from './biometric-check.service';
import { readBiometricInput } from './biometric-input';
import { ApiErrorResponses, ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('Biometric Check')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@Controller('kyc/biometric')
export class BiometricController {
  constructor(
    private readonly biometric: BiometricCheckService,
    @Inject(faceConfig.KEY) private readonly face: FaceConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Check a face against the entity's decided KYC validation sessions",
    description:
      'application/json { user_image, entityId?, externalEntityId? } or multipart/form-data with userImage or user_image (file or base64).',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: BiometricCheckJsonDto })
  @ApiOkResponse({ type: BiometricCheckResponseDto })
  @ApiErrorResponses(404, 413)
  async check(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<BiometricCheckResponseDto> {
    const { requestId, outcome } = await this.biometric.check({
      principal,
      requestId: request.id,
      // Read here and handed over as a value: a body that cannot be read is still recorded by the service.
      input: await parse(() => readBiometricInput(request, { maxImageBytes: this.face.imageMaxBytes, maxTextFieldBytes: 1024 })),
    });
    return toBiometricCheckResponse(requestId, outcome);
  }
}
