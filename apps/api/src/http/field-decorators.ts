import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsUrl, IsUUID } from 'class-validator';

/** Outbound addresses a client may give us: http(s) with a scheme; intranet host names (no TLD) are allowed. */
const HTTP_URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * A record id: a UUID of any version (ids come from more than one generator). The message names
 * the field, `$property` by default; a nested field passes its full path (`kycValidation.x`).
 */
function IsRecordId(field = '$property'): PropertyDecorator {
  return IsUUID('all', { message: `${field} must be a UUID` });
}

/** An optional record id: absent is fine, anything sent must be a UUID. */
export function OptionalRecordId(field = '$property'): PropertyDecorator {
  return applyDecorators(IsOptional(), IsRecordId(field));
}

/** An http(s) URL (see HTTP_URL_OPTIONS), named in the message like `IsRecordId`. */
export function IsHttpUrl(field = '$property'): PropertyDecorator {
  return IsUrl(HTTP_URL_OPTIONS, { message: `${field} must be an http(s) URL` });
}
