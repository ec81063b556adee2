import { Inject, Injectable } from '@nestjs/common';
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
 */
@Injectable()
export class RequestLog {
  readonly enabled: boolean;

  constructor(
    @Inject(JSON_LOGGER) private readonly logger: JsonLogger,
    @Inject(CHARTER_CONFIG) config: CharterConfig,
  ) {
    this.enabled = config.LOG_REQUESTS;
  }

  write(entry: RequestLogEntry): void {
    const level = PROBES.has(entry.route) ? 'debug' : entry.status >= 500 ? 'error' : 'info';
    if (this.logger.isLevelEnabled(level)) this.logger[level](entry, 'request');
  }
}
