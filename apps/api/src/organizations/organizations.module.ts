import { Module } from '@nestjs/common';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { SecretsAtRest } from './secrets-at-rest';

@Module({ controllers: [OrganizationsController], providers: [OrganizationsService, SecretsAtRest] })
export class OrganizationsModule {}
