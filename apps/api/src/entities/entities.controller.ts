import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { recordId } from '../http/uuid';
import { BiometricErasureService } from './biometric-erasure.service';
import { EntitiesService } from './entities.service';
import {
  BiometricErasureResponseDto,
  CreateEntityDto,
  EntityListResponseDto,
  EntityResponseDto,
  ListEntitiesQueryDto,
  toEntityResponse,
  UpdateEntityDto,
} from './entity.dto';
import { ApiErrorResponses, ApiKeyRouteErrors } from '../http/api-error-responses';

@ApiTags('Entities')
@ApiBearerAuth()
@ApiKeyRouteErrors()
@Controller('entities')
export class EntitiesController {
  constructor(
    private readonly entities: EntitiesService,
    private readonly erasure: BiometricErasureService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a person entity' })
  @ApiErrorResponses(409)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateEntityDto): Promise<EntityResponseDto> {
    return toEntityResponse(await this.entities.create(principal.organizationId, body));
  }

  @Get()
  @ApiOperation({ summary: 'List entities, filtered by externalId or taxId' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListEntitiesQueryDto): Promise<EntityListResponseDto> {
    const { externalId, taxId, limit, offset } = query;
    const page = await this.entities.list(principal.organizationId, { externalId, taxId }, limit, offset);
    return { entities: page.items.map(toEntityResponse), pagination: { limit, offset, total: page.total } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One entity' })
  @ApiErrorResponses(404)
  async findOne(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<EntityResponseDto> {
    return toEntityResponse(await this.entities.findOne(principal.organizationId, recordId(id, 'Entity')));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an entity' })
  @ApiErrorResponses(404, 409)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateEntityDto,
  ): Promise<EntityResponseDto> {
    return toEntityResponse(await this.entities.update(principal.organizationId, recordId(id, 'Entity'), body));
  }

  /** Admin only: erasure cannot be undone. Repeating it is harmless (counts of 0). */
  @Delete(':id/biometrics')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: "Erase the entity's face images and templates (right to erasure); audit rows stay" })
  @ApiErrorResponses(404, 409)
  async eraseBiometrics(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BiometricErasureResponseDto> {
    return this.erasure.eraseForEntity(principal.organizationId, recordId(id, 'Entity'));
  }
}
