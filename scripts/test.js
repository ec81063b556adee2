#!/usr/bin/env node
// `npm test`: prepare a fresh clone (dependencies, Prisma clients, the web UI for the browser
// tests), then run every Jest project. Test setup starts PostgreSQL, Kafka and Chromium itself.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { prepare } = require('./prepare');

const root = path.resolve(__dirname, '..');
prepare({ build: true, web: true });
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const args = [jest, '--ci', '--maxWorkers=2', ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
process.exit(result.status ?? 1);
