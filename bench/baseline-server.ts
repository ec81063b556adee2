import * as http from 'node:http';

/**
 * The baseline: a bare node:http server answering every request with a precomputed body, as
 * fast as Node can answer on this machine. It reads request bodies (as a POST lookup must)
 * before answering. Prints its port on stdout.
 */
const body = Buffer.from(process.argv[2] ?? '{}');
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json', 'content-length': body.length };
const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(body);
    });
    return;
  }
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as { port: number }).port}\n`);
});
