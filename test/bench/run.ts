/**
 * `npm run bench`: runs every test/bench/*.bench.ts in a process of its own (so one bench's
 * caches and heap do not colour the next) and lets each print its table. Figures only: nothing
 * here passes or fails on timing.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
/** What follows the bench's name goes to the bench (`npm run bench -- recon --rounds 5`). */
const passOn = process.argv.slice(3);
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts') && (only === undefined || name.includes(only)))
  .sort();
let failed = 0;
for (const bench of benches) {
  const run = spawnSync(process.execPath, [join(here, bench), ...passOn], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
