import type { ExitCode } from './cli-error';
import type { Report } from './findings';
import type { OutputFormat } from './report';

/** What a command hands back to main.ts to print. */
export type CommandOutcome =
  /** A report, printed in the format asked for; the exit code follows from its findings. */
  | { readonly kind: 'report'; readonly report: Report; readonly format: OutputFormat; readonly output?: string }
  /** Plain text (help, an exported catalogue), printed as is. */
  | { readonly kind: 'text'; readonly text: string; readonly output?: string; readonly exitCode: ExitCode };

/** What a command may read from its surroundings; tests and main.ts pass the real ones. */
export interface CommandContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export type Command = (args: readonly string[], context: CommandContext) => Promise<CommandOutcome>;

export function helpOutcome(text: string): CommandOutcome {
  return { kind: 'text', text: text.endsWith('\n') ? text : `${text}\n`, exitCode: 0 };
}
