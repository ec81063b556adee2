#!/usr/bin/env node
// `npm start`: prepare whatever a fresh clone lacks, then run the built server in this process.
'use strict';
const path = require('node:path');
const { prepare } = require('./prepare');

prepare({ build: true, web: true });
require(path.resolve(__dirname, '..', 'dist', 'src', 'main.js'));
