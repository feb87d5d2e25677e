import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-response';

/** The one place errors become HTTP responses: `{ code, message, requestId, details? }`. */
@Catch()
export class GlobalErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(reply, request, exception, this.logger);
  }
}

function sendError(reply: FastifyReply, request: FastifyRequest, exception: unknown, logger: Logger): void {
  const mapped = mapError(exception);
  if (mapped.unexpected) {
    const error = exception instanceof Error ? exception : new Error(String(exception));
    logger.error(`request ${request.id} failed: ${error.message}`, error.stack);
  }
  if (mapped.retryAfterSeconds !== undefined) reply.header('retry-after', String(mapped.retryAfterSeconds));
  void reply
    .status(mapped.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ ...mapped.body, requestId: request.id });
}
