#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT, type ExitCode } from './cli-error';
import type { Command, CommandContext, CommandOutcome } from './command';
import { catalog } from './commands/catalog';
import { check } from './commands/check';
import { diff } from './commands/diff';
import { register } from './commands/register';
import { validate } from './commands/validate';
import { exitCodeOf, summaryOf } from './findings';
import { render } from './report';
import { githubFatal } from './report/github';

export const USAGE = `Usage: charter <command> [options]

The CI gate of Charter: catch breaking schema changes in the pull request.

Commands:
  check      are the mapped schema files compatible with the registry (or, --offline, with a git ref)?
  validate   do the schema files parse, and does the catalogue pass its policies? (offline)
  register   register the mapped schema files, references first
  diff <a> <b>   the differences between two schema versions (files or subject@version)
  catalog export|import   the catalogue as YAML

Run charter <command> --help for its options. Exit codes: 0 ok, 1 findings (incompatible,
invalid, refused), 2 usage, configuration or connection errors.`;

const COMMANDS: Record<string, Command> = { check, validate, register, diff, catalog };

/** Runs one command line; returns the exit code. Never throws. */
export async function run(argv: readonly string[], context: CommandContext, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<ExitCode> {
  const [name, ...args] = argv;
  const wantsGithub = argv.some((a, i) => (a === '--format' || a === '-f') && argv[i + 1] === 'github') || argv.includes('--format=github');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return name === undefined ? EXIT.ERROR : EXIT.OK;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new CliError(`unknown command "${name}"\n\n${USAGE}`, 'usage');
    const outcome = await command(args, context);
    return emit(outcome, context, io);
  } catch (e) {
    const message = e instanceof CliError ? e.where : `unexpected failure: ${(e as Error).stack ?? String(e)}`;
    io.stderr.write(`charter: ${message}\n`);
    if (wantsGithub) io.stdout.write(githubFatal(e instanceof CliError ? e.where : String(e)));
    return EXIT.ERROR;
  }
}

function emit(outcome: CommandOutcome, context: CommandContext, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): ExitCode {
  const text = outcome.kind === 'text' ? outcome.text : render(outcome.report, outcome.format);
  const code = outcome.kind === 'text' ? outcome.exitCode : exitCodeOf(outcome.report);
  if (outcome.output) {
    const file = path.resolve(context.cwd, outcome.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    } catch (e) {
      throw new CliError(`cannot write ${outcome.output}: ${(e as Error).message}`, 'io');
    }
    if (outcome.kind === 'report') io.stderr.write(`charter ${outcome.report.command}: ${summaryOf(outcome.report)} (report in ${outcome.output})\n`);
  } else {
    io.stdout.write(text);
  }
  return code;
}

function packageVersion(): string {
  // src/cli/main.ts is two folders below package.json, dist/src/cli/main.js three.
  for (const up of ['../..', '../../..']) {
    const file = path.resolve(__dirname, up, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

if (require.main === module) {
  run(process.argv.slice(2), { env: process.env, cwd: process.cwd() }, { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      // exitCode rather than exit(): piped output is flushed before the process ends.
      process.exitCode = code;
    },
  );
}
