#!/usr/bin/env node
'use strict';
// The operators' command line; the code lives in src/cli and runs from the build.
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'cli', 'convene.js');
let cli;
try {
  cli = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    console.error('convene: the project is not built yet. Run `npm run build` first, then try again.');
    process.exit(1);
  }
  throw error;
}
cli.main();
