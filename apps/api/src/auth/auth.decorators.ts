import { SetMetadata } from '@nestjs/common';
import { Role } from './principal';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';

/** The route needs no API key (health checks, docs, the hosted capture page). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The route needs at least this role in the selected organization. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
