import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiNoSecurity } from '../http/api-error-responses';
import { Role } from './principal';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';

/** The route needs no API key (health checks, docs, the hosted capture page); the API document says so (`security: []`). */
export const Public = (): ClassDecorator & MethodDecorator => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiNoSecurity());

/** The route needs at least this role in the selected organization. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
