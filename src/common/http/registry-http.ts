import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../errors/registry-error';
import { negotiate, REQUEST_TYPES } from './content-negotiation';

/** URL prefixes of Confluent's API: content negotiation applies to these (and to `GET /`). */
const REGISTRY_PREFIXES = ['/subjects', '/schemas', '/config', '/mode', '/compatibility', '/contexts', '/v1/metadata'];

export function isRegistryUrl(url: string): boolean {
  if (url === '/' || url.startsWith('/?')) return true;
  for (const p of REGISTRY_PREFIXES) {
    if (url.startsWith(p) && (url.length === p.length || url[p.length] === '/' || url[p.length] === '?')) return true;
  }
  return false;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The response media type chosen for a registry request. */
    registryMediaType?: string;
    /** The request body as received (JSON requests), for answers remembered by request text. */
    rawBodyText?: string;
  }
}

/**
 * Fastify-level behaviour of Confluent's API: request bodies as JSON under Confluent's four
 * media types (others get 415), responses in the negotiated type (or 406), size-limited bodies,
 * and the error body for anything that fails before a controller runs.
 */
export function configureRegistryHttp(fastify: FastifyInstance, opts: { maxBodyBytes: number }): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    [...REQUEST_TYPES],
    { parseAs: 'string', bodyLimit: opts.maxBodyBytes },
    (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      req.rawBodyText = text;
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(Errors.badRequest(`Invalid JSON in request body: ${(e as Error).message}`));
      }
    },
  );

  fastify.decorateRequest('registryMediaType', undefined);
  fastify.decorateRequest('rawBodyText', undefined);
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (!isRegistryUrl(req.url)) return done();
    if (req.url === '/' && req.method === 'GET' && wantsHtml(req.headers.accept)) return done();
    const type = negotiate(req.headers.accept);
    if (!type) return done(Errors.notAcceptable());
    req.registryMediaType = type;
    void reply.header('content-type', type);
    done();
  });

}

/** A browser asking for a page (src/web sends it to the UI at `/ui/`; API clients never send text/html). */
export function wantsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}
