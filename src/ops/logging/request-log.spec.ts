import { Writable } from 'node:stream';
import type { CharterConfig } from '../../config/config';
import { createJsonLogger } from './json-logger';
import { RequestLog, type RequestLogEntry } from './request-log';

/** A logger writing into `lines`. */
function logger(level: CharterConfig['LOG_LEVEL'], lines: string[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return createJsonLogger({ LOG_LEVEL: level, NODE_ID: 'node-a' }, sink);
}

const config = (LOG_REQUESTS: boolean) => ({ LOG_REQUESTS }) as CharterConfig;

const entry: RequestLogEntry = {
  requestId: 'req-1',
  method: 'POST',
  route: '/subjects/:subject/versions',
  status: 200,
  latencyMs: 1.25,
  principal: 'alice "the admin"',
  remote: '10.0.0.7',
};

describe('RequestLog', () => {
  it('writes the line pino would write for the same fields', async () => {
    const lines: string[] = [];
    const log = logger('info', lines);
    new RequestLog(log, config(true)).write(entry);
    log.info({ ...entry }, 'request');
    expect(lines).toHaveLength(2);
    const [sut, pinos] = lines.map((l) => JSON.parse(l));
    expect(Object.keys(sut)).toEqual(Object.keys(pinos));
    // The two lines are written at different moments; everything but the clock must be equal.
    expect(Math.abs(Date.parse(sut.time) - Date.parse(pinos.time))).toBeLessThan(1000);
    expect({ ...sut, time: undefined }).toEqual({ ...pinos, time: undefined });
    expect(sut).toMatchObject({ level: 'info', node: 'node-a', msg: 'request', principal: 'alice "the admin"' });
  });

  it('leaves out fields it does not know', () => {
    const lines: string[] = [];
    new RequestLog(logger('info', lines), config(true)).write({ ...entry, remote: undefined, requestId: undefined });
    expect(JSON.parse(lines[0])).not.toHaveProperty('remote');
    expect(JSON.parse(lines[0])).not.toHaveProperty('requestId');
  });

  it('logs a 5xx as an error, and probes only at debug', () => {
    const lines: string[] = [];
    const sut = new RequestLog(logger('info', lines), config(true));
    sut.write({ ...entry, status: 503 });
    sut.write({ ...entry, route: '/health/ready', status: 503 });
    sut.write({ ...entry, route: '/metrics' });
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(['error']);
  });

  it('follows LOG_LEVEL', () => {
    const lines: string[] = [];
    new RequestLog(logger('warn', lines), config(true)).write(entry);
    expect(lines).toEqual([]);
  });
});
