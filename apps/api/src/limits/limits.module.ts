import { Global, Module } from '@nestjs/common';
import { LimiterStore } from './limiter-store';
import { OrganizationLimitsGuard } from './organization-limits.guard';
import { OrganizationLimitsService } from './organization-limits.service';

/** Rate limits and quotas, counted in Redis (the API's requests and the hosted page's). */
@Global()
@Module({
  providers: [LimiterStore, OrganizationLimitsService, OrganizationLimitsGuard],
  exports: [LimiterStore, OrganizationLimitsService, OrganizationLimitsGuard],
})
export class LimitsModule {}
