import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { EntityRecord } from '@app/audit';
import { LimitQuery, OffsetQuery } from '../http/pagination';

export class PersonDto {
  /** @example "Ana" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  firstName?: string;

  /** @example "Pérez" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lastName?: string;

  /** National id number (for Argentina the DNI, 7-8 digits), used by the RENAPER double-check.
   * @example "12345678"
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  idNumber?: string;

  /** M | F | X
   * @example "F"
   */
  @IsOptional()
  @IsIn(['M', 'F', 'X'], { message: 'person.gender must be M, F or X' })
  gender?: 'M' | 'F' | 'X';

  /** yyyy-mm-dd
   * @example "1990-05-17"
   */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'person.dateOfBirth must be a date (yyyy-mm-dd)' })
  dateOfBirth?: string;
}

export class CreateEntityDto {
  /** Only "person" entities exist today.
   * @example "person"
   */
  @IsIn(['person'], { message: 'type must be "person"' })
  type!: 'person';

  /** Your own id for this person; unique within the organization.
   * @example "customer-1234"
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  externalId?: string;

  /** Tax id (for Argentina the 11-digit CUIL/CUIT); unique within the organization.
   * @example "27123456784"
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  taxId?: string;

  /** @example "Ana Pérez" */
  @IsOptional()
  @IsString()
  @MaxLength(400)
  name?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  person?: PersonDto;
}

export class UpdateEntityDto extends PartialType(CreateEntityDto) {}

export class ListEntitiesQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  taxId?: string;

  /** Page size (default 50, max 100). */
  @LimitQuery()
  limit: number = 50;

  /** Records to skip (default 0, max 100000). */
  @OffsetQuery()
  offset: number = 0;
}

export class EntityResponseDto {
  id!: string;
  organizationId!: string;
  type!: string;
  externalId!: string | null;
  taxId!: string | null;
  name!: string | null;
  person!: PersonDto | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class EntityListResponseDto {
  entities!: EntityResponseDto[];
  pagination!: { limit: number; offset: number; total: number };
}

export class BiometricErasureResponseDto {
  entityId!: string;
  /** Verifications whose images and score inputs were erased by this call (0 when repeated). */
  verifications!: number;
  /** Image files removed from storage by this call (face-match verifications and validation sessions). */
  images!: number;
  /** Validation sessions whose images were erased by this call. */
  validations!: number;
  /** Face templates (the sessions' biometric data) deleted by this call. */
  templates!: number;
  /** Liveness checks whose image was erased by this call. */
  livenessChecks!: number;
  /** ID verifications whose card photos and sealed card data were erased by this call. */
  idVerifications!: number;
}

export function toEntityResponse(entity: EntityRecord): EntityResponseDto {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    type: entity.type,
    externalId: entity.externalId,
    taxId: entity.taxId,
    name: entity.name,
    person: entity.person,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}
