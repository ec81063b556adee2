#!/usr/bin/env node
// Finds Debian's Chromium for the browser tests, installing the package with apt when it is
// missing (test tools' own browser downloads cannot work on our machines: only package
// registries are reachable). Node's built-ins only.
// Usage from code: const executable = require('./scripts/chromium.js').ensureChromium();
// From the shell: node scripts/chromium.js   (prints the path)
'use strict';
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function find() {
  if (process.env.CHARTER_CHROMIUM && fs.existsSync(process.env.CHARTER_CHROMIUM)) return process.env.CHARTER_CHROMIUM;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** The path of a Chromium executable; installs Debian's `chromium` package first if there is none. */
function ensureChromium() {
  let found = find();
  if (found) return found;
  console.error('[chromium] installing Debian package chromium (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  try {
    install();
  } catch {
    // A machine whose package lists are stale or absent: refresh them once and try again.
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    install();
  }
  found = find();
  if (!found) throw new Error('Chromium not found after installing the chromium package');
  return found;
}

module.exports = { ensureChromium };

if (require.main === module) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
