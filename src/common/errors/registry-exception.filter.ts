import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { isRegistryUrl } from '../http/registry-http';
import { toRegistryError } from './to-registry-error';

/**
 * The one place where errors become HTTP answers: `{"error_code", "message"}` and nothing else
 * on the registry's URLs, since Confluent's Java client rejects unknown fields in error bodies.
 * Other URLs (the catalogue) also get the error's `details` (a 422's policy violations).
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
    const body = mapped.toBody();
    const details = mapped.details && !isRegistryUrl(reply.request?.url ?? '/') ? mapped.details : undefined;
    void reply
      .code(mapped.httpStatus)
      .header('content-type', 'application/vnd.schemaregistry.v1+json')
      // error_code and message first, and never overridden by a detail of the same name.
      .send(JSON.stringify(details ? { ...body, ...details, ...body } : body));
    return;
  }
  logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  void reply
    .code(500)
    .header('content-type', 'application/vnd.schemaregistry.v1+json')
    .send(JSON.stringify({ error_code: 50001, message: 'Internal error; the request was not applied' }));
}
