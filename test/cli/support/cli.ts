import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The built command, as `npx charter` runs it (the package's bin). */
export const CHARTER_BIN = path.resolve(__dirname, '../../../dist/src/cli/main.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables the command reads; a test sets the ones it means, none leak in from the environment. */
const OURS = ['CHARTER_URL', 'SCHEMA_REGISTRY_URL', 'CHARTER_TOKEN', 'CHARTER_USERNAME', 'CHARTER_PASSWORD'];

/**
 * Runs `charter <args>` as a separate process. Asynchronous on purpose: the registry the command
 * talks to may be running in this very process.
 */
export function charter(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of OURS) delete env[k];
  const child = spawn(process.execPath, [CHARTER_BIN, ...args], { cwd: options.cwd, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let counter = 0;

/** A fresh folder under the integration run's temporary folder. */
export function tempDir(name: string): string {
  const tmp = process.env.CHARTER_TEST_TMP;
  if (!tmp) throw new Error('CHARTER_TEST_TMP is not set: run the integration tests through jest (global setup)');
  const dir = path.join(tmp, `cli-${name}-${process.pid}-${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes files (paths relative to `dir`), creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Runs git in `dir` with a fixed identity, so commits work on any machine. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Charter Test',
      GIT_AUTHOR_EMAIL: 'test@charter.invalid',
      GIT_COMMITTER_NAME: 'Charter Test',
      GIT_COMMITTER_EMAIL: 'test@charter.invalid',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  });
}

/** A git repository holding `files`, committed on `main`. */
export function gitRepo(name: string, files: Record<string, string>): string {
  const dir = tempDir(name);
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'v1');
  return dir;
}

/** Line and column of the `nth` occurrence of `marker` in `text`, 1-based as findings report them. */
export function at(text: string, marker: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`${marker} is not in the text ${nth} times`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** `file:line:column` of a marker, as text reports write it. */
export function where(file: string, text: string, marker: string, nth = 1): string {
  const { line, column } = at(text, marker, nth);
  return `${file}:${line}:${column}`;
}
