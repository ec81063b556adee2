import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { CharterConfig } from '../../config/config';
import { batchedStdout } from './batched-destination';

/** Charter's one logger: pino, one JSON object per line on stdout. */
export type JsonLogger = Logger;

/** Injection token of the process's JsonLogger. */
export const JSON_LOGGER = Symbol('JSON_LOGGER');

/**
 * pino's ISO timestamp, formatted once per millisecond: at thousands of request lines a second,
 * Date#toISOString was a tenth of the fast lane's cost.
 */
export function isoTimeEachMillisecond(): () => string {
  let ms = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

/** `{"level":"info","time":"2026-...Z","node":"<NODE_ID>","msg":"..."}` plus fields. */
export function createJsonLogger(config: Pick<CharterConfig, 'LOG_LEVEL' | 'NODE_ID'>, destination: DestinationStream = batchedStdout()): JsonLogger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { node: config.NODE_ID },
      messageKey: 'msg',
      timestamp: isoTimeEachMillisecond(),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Writes out what the logger still buffers; for the last moments of a process. */
export function flushJsonLogger(logger: JsonLogger): void {
  try {
    logger.flush();
  } catch {
    /* stdout already gone */
  }
}

/**
 * Nest's logging (`new Logger('Storage').log(...)`, framework messages) through the JSON
 * logger: the Nest context becomes a `context` field, an error's stack a `stack` field.
 */
export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: JsonLogger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, optional: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest passes (message, context), or for errors (message, stack, context).
    const params = [...optional];
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const stack = params.find((p): p is string => typeof p === 'string');
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, message.message);
    } else if (message && typeof message === 'object') {
      this.logger[level]({ ...fields, ...(message as object) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
