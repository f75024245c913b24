#!/usr/bin/env node
// The `tandai` command: loads the bundled CLI (build/cli/tandai.mjs, made by
// `node scripts/build-node.mjs --cli`, which `npm install` runs as `prepare`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const entry = path.join(__dirname, '..', 'build', 'cli', 'tandai.mjs');
if (!fs.existsSync(entry)) {
  process.stderr.write(`tandai: the CLI is not built yet; run \`npm run build\` in ${path.resolve(__dirname, '..')}\n`);
  process.exit(1);
}
// The CLI module runs itself on import and sets the exit code.
import(pathToFileURL(entry).href).catch((e) => {
  process.stderr.write(`tandai: could not load the CLI (${e && e.message ? e.message.split('\n')[0] : e})\n`);
  process.exit(1);
});
