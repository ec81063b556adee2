import type { Direction } from '../compatibility/compatibility-checker';
import type { SchemaType } from '../compatibility/schema-type';
import { EXIT, type ExitCode } from './cli-error';

/** `error` findings fail the command (exit 1); warnings and notices are shown only. */
export type Severity = 'error' | 'warning' | 'notice';

/** One thing a command found, with where it is when that can be traced. */
export interface Finding {
  /** The difference type (`FIELD_KIND_CHANGED`), `INVALID_SCHEMA`, `REGISTRATION_REFUSED`, a policy kind... */
  readonly type: string;
  readonly severity: Severity;
  /** One sentence; for differences, the registry's description with the sides named new and old. */
  readonly message: string;
  /** As reports name files: relative to the working directory. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The difference's own path (`#/properties/a`, `/fields/1/type`, `#/Order/2`). */
  readonly path?: string;
  /** The earlier version this was found against: a registry version number or a git ref / folder. */
  readonly version?: number | string;
  /** NEW_READS_OLD: the new schema cannot read old data (backward); OLD_READS_NEW: the reverse (forward). */
  readonly direction?: Direction;
  readonly additionalInfo?: string;
  /** Whether the difference keeps the pair compatible (only `charter diff` lists compatible ones). */
  readonly compatible?: boolean;
}

/** What a command concluded about one file (or other unit it works on). */
export interface FileResult {
  readonly file: string;
  readonly subject?: string;
  readonly schemaType?: SchemaType;
  /** One word: compatible, incompatible, new, valid, invalid, registered, refused, ... */
  readonly status: string;
  /** The rest of the verdict in words: "with version 3 at BACKWARD", "id 12, version 2". */
  readonly detail?: string;
  readonly findings: readonly Finding[];
}

export interface Report {
  /** `check`, `validate`, `register`, `diff`, `catalog import`. */
  readonly command: string;
  readonly results: readonly FileResult[];
}

export function failed(result: FileResult): boolean {
  return result.findings.some((f) => f.severity === 'error');
}

/** 1 when any result has an error finding, 0 otherwise. */
export function exitCodeOf(report: Report): ExitCode {
  return report.results.some(failed) ? EXIT.FINDINGS : EXIT.OK;
}

/** `file:line:column` (or as much of it as is known). */
export function locationOf(f: Pick<Finding, 'file' | 'line' | 'column'>): string | undefined {
  if (!f.file) return undefined;
  if (f.line === undefined) return f.file;
  return f.column === undefined ? `${f.file}:${f.line}` : `${f.file}:${f.line}:${f.column}`;
}

/** "3 files: 2 compatible, 1 incompatible". */
export function summaryOf(report: Report): string {
  const counts = new Map<string, number>();
  for (const r of report.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const n = report.results.length;
  const parts = [...counts].map(([status, count]) => `${count} ${status}`);
  return `${n} ${n === 1 ? 'file' : 'files'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
