#!/usr/bin/env node
// The CLI runs its TypeScript directly on Node 24. Under an older node, re-run with the Node 24
// that the project installs (devDependency `node`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  await import(main);
} else {
  const local = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
  if (!existsSync(local)) {
    console.error('The console needs Node 24: run `npm ci` in the project first.');
    process.exit(1);
  }
  const result = spawnSync(local, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
