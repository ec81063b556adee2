import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id: the client's X-Request-ID when usable, else a new UUID. */
    requestId?: string;
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a client may choose: short, and nothing that could break a header or a log line. */
const USABLE = /^[\w.:/+=@-]{1,128}$/;

/**
 * Gives the request its id (the client's X-Request-ID when usable, a new UUID otherwise) and
 * sets it on the response, so every answer — the fast lane's too — carries it.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  const id = typeof sent === 'string' && USABLE.test(sent) ? sent : randomUUID();
  req.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
