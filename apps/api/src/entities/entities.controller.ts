import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { recordId } from '../http/uuid';
import { EntitiesService } from './entities.service';
import { CreateEntityDto, EntityListResponseDto, EntityResponseDto, ListEntitiesQueryDto, toEntityResponse, UpdateEntityDto } from './entity.dto';

@ApiTags('Entities')
@ApiBearerAuth()
@Controller('entities')
export class EntitiesController {
  constructor(private readonly entities: EntitiesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a person entity' })
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
  async findOne(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<EntityResponseDto> {
    return toEntityResponse(await this.entities.findOne(principal.organizationId, recordId(id, 'Entity')));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an entity' })
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: UpdateEntityDto): Promise<EntityResponseDto> {
    return toEntityResponse(await this.entities.update(principal.organizationId, recordId(id, 'Entity'), body));
  }
}
