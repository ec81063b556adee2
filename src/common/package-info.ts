import * as fs from 'node:fs';
import * as path from 'node:path';

/** Charter's package.json, found from wherever this file runs (src/ under Jest, dist/src/ built). */
export function packageInfo(): { name: string; version: string; root: string } {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'charter') return { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir };
    }
    dir = path.dirname(dir);
  }
  return { name: 'charter', version: '0.0.0', root: process.cwd() };
}
