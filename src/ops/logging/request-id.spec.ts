import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { assignRequestId } from './request-id';

function exchange(headers: Record<string, string>): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

describe('assignRequestId', () => {
  it('keeps the id a client sent and returns it on the response', () => {
    const { req, res } = exchange({ 'x-request-id': 'checkout-7f3a:42' });
    expect(assignRequestId(req, res)).toBe('checkout-7f3a:42');
    expect(req.requestId).toBe('checkout-7f3a:42');
    expect(res.getHeader('x-request-id')).toBe('checkout-7f3a:42');
  });

  it('gives a request without an id a new UUID', () => {
    const { req, res } = exchange({});
    const sut = assignRequestId(req, res);
    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.getHeader('x-request-id')).toBe(sut);
  });

  it.each([['x'.repeat(129)], ['has space'], ['quote"d'], ['']])('replaces an unusable id %j', (sent) => {
    const { req, res } = exchange({ 'x-request-id': sent });
    expect(assignRequestId(req, res)).not.toBe(sent);
  });
});
