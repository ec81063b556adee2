import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { toRegistryError } from './to-registry-error';

/**
 * The one place where errors become HTTP answers: always `{"error_code", "message"}` and
 * nothing else, since Confluent's Java client rejects unknown fields in error bodies.
 */
@Catch()
export class RegistryExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(CHARTER_CONFIG) private readonly config: CharterConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendError(reply, exception, this.config.MAX_REQUEST_BODY_BYTES, this.logger);
  }
}

export function sendError(reply: FastifyReply, exception: unknown, maxBodyBytes: number, logger: Logger): void {
  const mapped = toRegistryError(exception, maxBodyBytes);
  if (reply.sent) return;
  if (mapped) {
    void reply
      .code(mapped.httpStatus)
      .header('content-type', 'application/vnd.schemaregistry.v1+json')
      .send(JSON.stringify(mapped.toBody()));
    return;
  }
  logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  void reply
    .code(500)
    .header('content-type', 'application/vnd.schemaregistry.v1+json')
    .send(JSON.stringify({ error_code: 50001, message: 'Internal error; the request was not applied' }));
}
