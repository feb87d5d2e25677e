import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { recordId } from '../http/uuid';
import {
  CreateValidationDto,
  ListValidationsQueryDto,
  ResolveValidationDto,
  ValidationListResponseDto,
  ValidationResponseDto,
} from './validation.dto';
import { ValidationPresenter } from './validation-presenter';
import { ValidationsService } from './validations.service';
import { ApiErrorResponses, ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('KYC validations')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@Controller('kyc')
export class ValidationsController {
  constructor(
    private readonly validations: ValidationsService,
    private readonly presenter: ValidationPresenter,
  ) {}

  @Post('validations')
  @ApiOperation({ summary: "Open a validation session for an entity (it becomes the entity's current validation)" })
  @ApiErrorResponses(404)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateValidationDto): Promise<ValidationResponseDto> {
    const created = await this.validations.create(principal, body);
    return this.presenter.present(created.validation, created.providerSessionUrl);
  }

  @Get('validations/:id')
  @ApiOperation({ summary: 'One validation' })
  @ApiErrorResponses(404)
  async findOne(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ValidationResponseDto> {
    return this.presenter.present(await this.validations.findOne(principal.organizationId, recordId(id, 'Validation')));
  }

  @Get('entities/:entityId/validations')
  @ApiOperation({ summary: "An entity's validations, newest first" })
  @ApiErrorResponses(404)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('entityId') entityId: string,
    @Query() query: ListValidationsQueryDto,
  ): Promise<ValidationListResponseDto> {
    const found = await this.validations.listForEntity(principal.organizationId, recordId(entityId, 'Entity'), query);
    return { validations: found.items.map((v) => this.presenter.present(v)), total: found.total, page: query.page, limit: query.limit };
  }

  @Get('entities/:entityId/current')
  @ApiOperation({ summary: "An entity's current validation" })
  @ApiErrorResponses(404)
  async current(@CurrentPrincipal() principal: Principal, @Param('entityId') entityId: string): Promise<ValidationResponseDto> {
    return this.presenter.present(await this.validations.findCurrent(principal.organizationId, recordId(entityId, 'Entity')));
  }

  @Post('validations/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a pending or in-progress validation' })
  @ApiErrorResponses(404, 409)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ValidationResponseDto> {
    return this.presenter.present(await this.validations.cancel(principal, recordId(id, 'Validation')));
  }

  @Patch('validations/:id/status')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Resolve a validation in review (admin)' })
  @ApiErrorResponses(404, 409)
  async resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ResolveValidationDto,
  ): Promise<ValidationResponseDto> {
    return this.presenter.present(await this.validations.resolve(principal, recordId(id, 'Validation'), body));
  }
}
