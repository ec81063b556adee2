import { Inject, Injectable } from '@nestjs/common';
import pino, { type DestinationStream } from 'pino';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { JSON_LOGGER, type JsonLogger } from './json-logger';

/** What one request log line says. Never a body, a query string or a raw URL. */
export interface RequestLogEntry {
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  /** The route template (`/subjects/:subject/versions`), `unmatched` when no route matched. */
  readonly route: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly principal: string;
  readonly remote: string | undefined;
}

/**
 * Probes and scrapes come every few seconds from machines: their lines are debug-level, even a
 * failing readiness probe (the balancer acts on it; the metrics show it).
 */
const PROBES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * One JSON line per answered request (`"msg":"request"`): info, error for a 5xx, debug for
 * health probes and metric scrapes. LOG_REQUESTS=false turns the lines off.
 *
 * The line is put together here and handed to the logger's stream, in exactly the shape pino
 * writes (level, time, the logger's bindings, fields, msg): pino's generic serialization was
 * most of the cost of logging a fast-lane answer.
 */
@Injectable()
export class RequestLog {
  readonly enabled: boolean;
  private readonly stream: DestinationStream;
  private readonly time: () => string;
  private readonly bindings: string;
  private readonly quoted = new Map<string, string>();

  constructor(
    @Inject(JSON_LOGGER) private readonly logger: JsonLogger,
    @Inject(CHARTER_CONFIG) config: CharterConfig,
  ) {
    this.enabled = config.LOG_REQUESTS;
    const internals = logger as unknown as Record<symbol, unknown>;
    this.stream = internals[pino.symbols.streamSym] as DestinationStream;
    this.time = internals[pino.symbols.timeSym] as () => string;
    this.bindings = internals[pino.symbols.chindingsSym] as string;
  }

  write(entry: RequestLogEntry): void {
    const level = PROBES.has(entry.route) ? 'debug' : entry.status >= 500 ? 'error' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    let line = `{"level":"${level}"${this.time()}${this.bindings}`;
    if (entry.requestId !== undefined) line += `,"requestId":${JSON.stringify(entry.requestId)}`;
    if (entry.method !== undefined) line += `,"method":${this.json(entry.method)}`;
    line += `,"route":${this.json(entry.route)},"status":${entry.status},"latencyMs":${entry.latencyMs}`;
    line += `,"principal":${this.json(entry.principal)}`;
    if (entry.remote !== undefined) line += `,"remote":${JSON.stringify(entry.remote)}`;
    this.stream.write(`${line},"msg":"request"}\n`);
  }

  /** Methods, route templates and principals repeat: each is quoted once. */
  private json(value: string): string {
    let quoted = this.quoted.get(value);
    if (quoted === undefined) {
      quoted = JSON.stringify(value);
      if (this.quoted.size < 10_000) this.quoted.set(value, quoted);
    }
    return quoted;
  }
}
