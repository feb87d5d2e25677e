import type { Organization } from '@app/audit';

export class OrganizationResponseDto {
  id!: string;
  name!: string;
  createdAt!: Date;
}

export function toOrganizationResponse(org: Organization): OrganizationResponseDto {
  return { id: org.id, name: org.name, createdAt: org.createdAt };
}
