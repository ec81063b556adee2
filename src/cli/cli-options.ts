import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error';
import { DEFAULT_CONFIG_FILE } from './config';
import { parseOutputFormat, type OutputFormat } from './report';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command that reads charter.yaml and prints a report takes. */
export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const REGISTRY_OPTIONS = {
  registry: { type: 'string', short: 'r' },
} as const satisfies Options;

export interface CommonValues {
  readonly config: string;
  readonly format: OutputFormat;
  readonly output?: string;
  readonly help: boolean;
}

/** `util.parseArgs`, strict, with its complaints turned into usage errors (exit 2). */
export function parseCommand<O extends Options>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError(`${(e as Error).message.split('\n')[0]}\n\n${usage}`);
  }
}

export function commonValues(values: Record<string, unknown>): CommonValues {
  return {
    config: typeof values.config === 'string' ? values.config : DEFAULT_CONFIG_FILE,
    format: parseOutputFormat(typeof values.format === 'string' ? values.format : undefined),
    output: typeof values.output === 'string' ? values.output : undefined,
    help: values.help === true,
  };
}
