#!/usr/bin/env node
// The installed `payments-console` command. It runs the CLI bundled by build-electron.ts
// (dist-electron/cli.mjs, made before the package is packed) when there is one: an installed
// package lives under node_modules, where Node does not strip TypeScript types. In a checkout
// without the bundle it runs the sources on Node 24, or re-runs itself with the Node 24 the
// project installs (devDependency `node`). When it can do neither it says so and exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MIN_MAJOR = 24;
const bundle = fileURLToPath(new URL('../../dist-electron/cli.mjs', import.meta.url));
const sources = fileURLToPath(new URL('./main.ts', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

function fail(message) {
  process.stderr.write(`payments-console: ${message}\n`);
  process.exit(1);
}

if (major >= MIN_MAJOR) {
  const entry = existsSync(bundle) ? bundle : sources;
  const cli = await import(entry).catch((error) => fail(`could not load ${entry}: ${error instanceof Error ? error.message : String(error)}`));
  if (typeof cli.runCliEntry !== 'function') fail(`${entry} is not the console's CLI`);
  await cli.runCliEntry(process.argv.slice(2));
} else {
  const local = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
  if (!existsSync(local)) fail(`it needs Node ${MIN_MAJOR} or later, and this is Node ${process.versions.node}; install Node ${MIN_MAJOR}, or run \`npm ci\` in the project for its own`);
  const result = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) fail(`could not start ${local}: ${result.error.message}`);
  process.exit(result.status ?? 1);
}
