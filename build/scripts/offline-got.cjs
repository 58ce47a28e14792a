// Preloaded into Electronegativity: it fetches translations and Electron release notes with `got`
// on every run. Builds and tests never reach the internet, and its HTTP client can crash while
// giving up, so its `got` fails at once instead.
const Module = require('node:module');
const path = require('node:path');

function offline() {
  return Promise.reject(new Error('network access is disabled for the security scan'));
}
offline.head = offline;
offline.get = offline;

const tool = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = Module.createRequire(path.join(tool, 'dist', 'index.js')).resolve('got');
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
