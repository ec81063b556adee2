/** What the process exits with, the same for every command. */
export const EXIT = {
  /** Everything checked is compatible, valid, registered. */
  OK: 0,
  /** Something checked is not: an incompatible schema, an invalid file, a policy violation. */
  FINDINGS: 1,
  /** The command could not do its job: bad usage, a bad charter.yaml, the registry unreachable. */
  ERROR: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where in a file a problem is, 1-based. */
export interface FilePosition {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * A problem that stops a command before it has an answer (exit code 2): the command line,
 * charter.yaml, a file that cannot be read, the registry that cannot be reached or refuses us.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'config' | 'connection' | 'registry' | 'io',
    readonly position?: FilePosition,
  ) {
    super(message);
    this.name = 'CliError';
  }

  /** `file:line:column: message` when there is a position, the message otherwise. */
  get where(): string {
    if (!this.position) return this.message;
    const { file, line, column } = this.position;
    const at = line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
    return `${at}: ${this.message}`;
  }
}

export const usageError = (message: string) => new CliError(message, 'usage');
export const configError = (message: string, position?: FilePosition) => new CliError(message, 'config', position);
