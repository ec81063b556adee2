import { HttpException } from '@nestjs/common';
import { Errors, RegistryError } from './registry-error';

/**
 * Maps anything thrown while serving a request to a RegistryError: ours as they are,
 * framework errors (routing, body parsing, content types) to Confluent's generic HTTP codes.
 * Returns null for an unexpected error, which the caller logs and answers as 500.
 */
export function toRegistryError(err: unknown, maxBodyBytes: number): RegistryError | null {
  if (err instanceof RegistryError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return Errors.unsupportedMediaType();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.payloadTooLarge(maxBodyBytes);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.badRequest('Request body is empty; a JSON object was expected');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_BAD_URL':
      return Errors.badRequest(e.message ?? 'Bad request');
  }
  if (err instanceof SyntaxError && /JSON/i.test(err.message)) {
    return Errors.badRequest(`Invalid JSON in request body: ${err.message}`);
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) return Errors.notFound();
    if (status === 415) return Errors.unsupportedMediaType();
    if (status === 405) return Errors.methodNotAllowed();
    if (status < 500) return new RegistryError(status, err.message);
    return null;
  }
  if (e?.statusCode === 415) return Errors.unsupportedMediaType();
  if (e?.statusCode === 413) return Errors.payloadTooLarge(maxBodyBytes);
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new RegistryError(e.statusCode, e.message ?? `HTTP ${e.statusCode}`);
  }
  return null;
}
