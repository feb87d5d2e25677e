import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, ERROR_CODES, ERROR_HTTP_STATUS, ServiceUnavailableError } from '@app/core';
import { mapError } from './error-response';

describe('mapError (the one code to HTTP table)', () => {
  it.each(ERROR_CODES)('maps a DomainError %s to its contract status with its message and details', (code) => {
    const mapped = mapError(new DomainError(code, 'why it failed', { field: 'x' }));
    expect(mapped.status).toBe(ERROR_HTTP_STATUS[code]);
    expect(mapped.body).toEqual({ code, message: 'why it failed', details: { field: 'x' } });
    expect(mapped.unexpected).toBe(code === 'VERIFICATION_FAILED');
    expect(mapped.retryAfterSeconds).toBe(code === 'SERVICE_UNAVAILABLE' ? 5 : undefined);
  });

  it("takes a 503's Retry-After from the error that knows it, rounded up", () => {
    expect(mapError(new ServiceUnavailableError('busy', 12.2)).retryAfterSeconds).toBe(13);
  });

  it('answers 503 SERVICE_UNAVAILABLE, not a failed verification, when the database is unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const mapped = mapError(new QueryFailedError('SELECT 1', [], refused));
    expect(mapped).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' }, unexpected: false, retryAfterSeconds: 5 });
  });

  it('keeps a query error that is not an outage an unexpected 500 with a generic message', () => {
    const mapped = mapError(new QueryFailedError('SELECT', [], Object.assign(new Error('syntax error'), { code: '42601' })));
    expect(mapped).toMatchObject({ status: 500, body: { code: 'VERIFICATION_FAILED' }, unexpected: true });
    expect(mapped.body.message).not.toContain('syntax');
  });

  it("joins class-validator's messages of a Nest 400 into one INVALID_REQUEST message", () => {
    const mapped = mapError(new BadRequestException(['threshold must not be greater than 100', 'documentImage should not be empty']));
    expect(mapped).toEqual({
      status: 400,
      body: { code: 'INVALID_REQUEST', message: 'threshold must not be greater than 100; documentImage should not be empty' },
      unexpected: false,
    });
  });

  it.each([
    [new NotFoundException('Cannot GET /nowhere'), 404, 'NOT_FOUND', 'Cannot GET /nowhere'],
    [new PayloadTooLargeException(), 413, 'PAYLOAD_TOO_LARGE', 'Payload Too Large'],
    [new HttpException('plain text', 405), 404, 'NOT_FOUND', 'plain text'],
    [new HttpException('teapot', 418), 400, 'INVALID_REQUEST', 'teapot'],
  ])('maps Nest %p to %i %s', (exception, status, code, message) => {
    expect(mapError(exception)).toMatchObject({ status, body: { code, message }, unexpected: false });
  });

  it('maps an HttpException 503 to SERVICE_UNAVAILABLE with the default Retry-After, and a 502 to an unexpected 500', () => {
    expect(mapError(new HttpException('down', 503))).toMatchObject({
      status: 503,
      body: { code: 'SERVICE_UNAVAILABLE' },
      retryAfterSeconds: 5,
    });
    expect(mapError(new HttpException('bad gateway', 502))).toMatchObject({
      status: 500,
      body: { code: 'VERIFICATION_FAILED' },
      unexpected: true,
    });
  });

  it("maps Fastify's own client errors (a statusCode on the error) by status", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(mapError(tooLarge)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } });
    const badJson = Object.assign(new SyntaxError('Unexpected token } in JSON'), { statusCode: 400 });
    expect(mapError(badJson)).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
  });

  it.each([new Error('boom'), Object.assign(new Error('server side'), { statusCode: 500 }), 'a string', null, undefined])(
    'turns anything else (%p) into an unexpected 500 VERIFICATION_FAILED that leaks nothing',
    (error) => {
      const mapped = mapError(error);
      expect(mapped).toMatchObject({ status: 500, body: { code: 'VERIFICATION_FAILED' }, unexpected: true });
      expect(mapped.body.message).toBe('The request could not be completed; retry, and quote the request id if it persists');
    },
  );
});
