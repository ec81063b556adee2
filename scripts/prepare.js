#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when package-lock.json changed,
// generates the Prisma clients, and (for `npm start`) builds the server and the web UI when
// their sources are newer than the build. Uses only Node's built-ins until dependencies exist.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function log(msg) {
  process.stderr.write(`[charter] ${msg}\n`);
}

function hashFile(file) {
  return fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'none';
}

/**
 * Installs from package-lock.json when node_modules is missing or was installed from another lock
 * file. `npm install --no-save` rather than `npm ci`: npm 11 leaves other platforms' optional
 * packages out of the lock file it writes, and `npm ci` then refuses that lock file.
 */
function installDependencies(dir = root, label = 'server') {
  const stamp = path.join(dir, 'node_modules', '.charter-installed');
  const want = hashFile(path.join(dir, 'package-lock.json')) + hashFile(path.join(dir, 'package.json'));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  log(`installing ${label} dependencies (npm install)...`);
  const env = { ...process.env };
  // better-sqlite3 compiles against the Node headers Debian's nodejs ships; there is no network to fetch them.
  if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  execFileSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit', env });
  fs.writeFileSync(stamp, want);
}

function newestMtime(dirs, filter = () => true) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'generated' && e !== 'dist') walk(path.join(p, e));
    } else if (filter(p)) newest = Math.max(newest, st.mtimeMs);
  };
  dirs.forEach(walk);
  return newest;
}

/**
 * The package's `bin` (the `charter` command) must be executable for `npx charter`: tsc writes
 * files without the executable bit, and npm sets it only on bins that existed at install time.
 */
function markBinExecutable() {
  const bins = require(path.join(root, 'package.json')).bin ?? {};
  for (const file of Object.values(bins)) {
    const target = path.join(root, file);
    if (fs.existsSync(target)) fs.chmodSync(target, fs.statSync(target).mode | 0o111);
  }
}

function buildServer() {
  const stamp = path.join(root, 'dist', '.charter-built');
  const sources = newestMtime([path.join(root, 'src'), path.join(root, 'prisma'), path.join(root, 'bench')], (p) => /\.(ts|prisma|sql)$/.test(p));
  const sourcesAndConfig = Math.max(sources, newestMtime([path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json'), path.join(root, 'package.json')]));
  if (fs.existsSync(stamp) && Number(fs.readFileSync(stamp, 'utf8')) >= sourcesAndConfig) return;
  log('building the server (tsc)...');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, String(sourcesAndConfig));
}

function buildWeb() {
  const web = path.join(root, 'web');
  if (!fs.existsSync(path.join(web, 'package.json'))) return;
  const stamp = path.join(web, 'dist', '.charter-built');
  const sources = newestMtime([path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'package.json'), path.join(web, 'vite.config.ts')]);
  if (fs.existsSync(stamp) && Number(fs.readFileSync(stamp, 'utf8')) >= sources) return;
  installDependencies(web, 'web UI');
  log('building the web UI (vite)...');
  execFileSync(npm, ['run', 'build', '--silent'], { cwd: web, stdio: 'inherit' });
  fs.writeFileSync(stamp, String(sources));
}

function prepare({ build = false, web = false } = {}) {
  installDependencies();
  if (require(path.join(root, 'scripts', 'prisma.js')).generate()) log('generated the Prisma clients');
  if (build) {
    buildServer();
    markBinExecutable();
  }
  if (web) buildWeb();
}

module.exports = { prepare, installDependencies, buildWeb, log };

if (require.main === module) {
  const args = process.argv.slice(2);
  prepare({ build: args.includes('--build'), web: args.includes('--web') });
}
