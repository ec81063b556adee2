import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CHARTER_BIN } from './support/cli';

const root = path.resolve(__dirname, '../..');

describe('the charter executable', () => {
  it("is the package's bin, built with its shebang", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(path.resolve(root, pkg.bin.charter)).toBe(CHARTER_BIN);
    expect(fs.readFileSync(CHARTER_BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs as `npx charter`', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await promisify(execFile)(npm, ['exec', '--no', '--', 'charter', '--version'], { cwd: root });
    expect(stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  });
});
