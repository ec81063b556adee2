#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only=lookups,registrations,compatibility,cold]`:
// prepares and builds a fresh clone like `npm start`, then runs the benchmark (bench/run.ts).
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { prepare } = require('./prepare');

prepare({ build: true });
const result = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'dist', 'bench', 'run.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
