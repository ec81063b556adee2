#!/usr/bin/env node
// `npm start`: prepare whatever a fresh clone lacks, then run the built server with its V8 flags,
// passing signals on and exiting with its code.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');
const { prepare } = require('./prepare');
const flags = require('./server-flags');

prepare({ build: true, web: true });
const child = spawn(process.execPath, [...flags, path.resolve(__dirname, '..', 'dist', 'src', 'main.js')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
