import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { wantsHtml } from '../common/http/registry-http';

/** Where the UI's client-side routes and assets live; nothing of the API is under it. */
export const UI_BASE = '/ui/';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Charter</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 40rem; line-height: 1.5">
<h1>Charter's web UI is not built</h1>
<p>The API works as usual. <code>npm start</code> builds the UI (in <code>web/</code>) before it starts the server;
<code>npm run build</code> builds it without starting.</p>
<p>The API's documentation is at <a href="/docs">/docs</a>.</p>
</body></html>`;

/**
 * Serves the built UI (`web/dist`) under `/ui/`: files as they are (hashed assets cached for
 * good), any other `/ui/...` path as index.html so deep links reach the client-side router.
 * Browsers asking for `/` are sent to `/ui/`; API clients still get Confluent's `{}` there.
 * Without a build, `/ui/` says so instead of failing.
 */
export function registerWebUi(fastify: FastifyInstance, dist: string | null): void {
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (req.url === '/' || req.url.startsWith('/?')) && wantsHtml(req.headers.accept)) {
      void reply.redirect(UI_BASE, 302);
      return;
    }
    done();
  });

  if (!dist) {
    const notBuilt = (_req: FastifyRequest, reply: FastifyReply) =>
      reply.code(503).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    fastify.get('/ui', notBuilt);
    fastify.get('/ui/*', notBuilt);
    return;
  }

  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, { root: dist, serve: false });
    const index = (_req: FastifyRequest, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    scope.get('/ui', index);
    scope.get('/ui/*', (req: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const rel = path.posix.normalize(req.params['*'] ?? '').replace(/^(\.\.(\/|$))+/, '');
      const file = path.join(dist, rel);
      if (rel && file.startsWith(dist + path.sep) && isFile(file)) {
        // Vite names assets by their content hash, so a URL's bytes never change.
        return rel.startsWith('assets/')
          ? reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(rel, { cacheControl: false })
          : reply.sendFile(rel);
      }
      // A missing script or stylesheet must not turn into the HTML page (the browser would report a MIME error).
      if (rel.startsWith('assets/')) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
      return index(req, reply);
    });
  });
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The UI's build folder under the package root, or null when the UI has not been built. */
export function findWebDist(packageRoot: string): string | null {
  const dist = path.join(packageRoot, 'web', 'dist');
  return isFile(path.join(dist, 'index.html')) ? dist : null;
}
