import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, usageError } from './cli-error';
import { toPosix, type CharterProject, type SchemaEntry } from './config';

/** Where the texts of the mapped files come from: the working tree, a git ref or a folder. */
export interface SchemaTexts {
  /** How reports name it: `working tree`, `origin/main`, `../baseline`. */
  readonly label: string;
  /** The file's text there; undefined when it does not exist there (a schema added since). */
  read(entry: SchemaEntry): string | undefined;
}

/** The files as they are now. charter.yaml was loaded after checking that each exists. */
export function workingTree(): SchemaTexts {
  return {
    label: 'working tree',
    read: (entry) => {
      try {
        return fs.readFileSync(entry.absolutePath, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${entry.displayPath}: ${(e as Error).message}`, 'io');
      }
    },
  };
}

/**
 * Earlier versions of the mapped files: `against` is a folder holding them at the same paths
 * relative to charter.yaml's folder, or else a git ref (`origin/main`, a tag, a commit) of the
 * repository charter.yaml is in, read with `git show <ref>:<path>`.
 */
export function earlierTexts(project: CharterProject, against: string, cwd: string = process.cwd()): SchemaTexts {
  const folder = path.resolve(cwd, against);
  if (fs.existsSync(folder) && fs.statSync(folder).isDirectory()) {
    return {
      label: against,
      read: (entry) => {
        const file = path.join(folder, entry.file);
        return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      },
    };
  }
  return gitRef(project, against);
}

function gitRef(project: CharterProject, ref: string): SchemaTexts {
  if (ref.startsWith('-')) throw usageError(`--against ${ref}: a git ref or folder cannot start with "-"`);
  const top = git(project.dir, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) {
    throw usageError(`--against ${ref} is not a folder, and ${project.dir} is not in a git repository to read a ref from`);
  }
  const root = top.stdout.trim();
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.status !== 0) throw usageError(`--against ${ref} is neither a folder nor a git ref of ${root}`);
  const sha = commit.stdout.trim();
  return {
    label: ref,
    read: (entry) => {
      const inRepo = toPosix(path.relative(fs.realpathSync(root), fs.realpathSync(entry.absolutePath)));
      // `git cat-file -e` tells "absent at this ref" apart from real failures.
      if (git(root, ['cat-file', '-e', `${sha}:${inRepo}`]).status !== 0) return undefined;
      const shown = git(root, ['show', `${sha}:${inRepo}`]);
      if (shown.status !== 0) throw new CliError(`git show ${ref}:${inRepo} failed: ${shown.stderr.trim()}`, 'io');
      return shown.stdout;
    },
  };
}

function git(cwd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status?: number | null; stdout?: string; stderr?: string; code?: string };
    if (err.code === 'ENOENT') throw new CliError('git is not installed (needed to read --against <ref>)', 'io');
    return { status: err.status ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
