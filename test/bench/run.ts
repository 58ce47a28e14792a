/**
 * `npm run bench`: runs every test/bench/*.bench.ts in a process of its own (so one bench's
 * caches and heap do not colour the next) and lets each print its tables, then prints one summary
 * of every figure the benches reported (bench-kit.ts reportFigures) next to its baseline and
 * target, and writes it as JSON so that two commits can be compared:
 *
 *   npm run bench                                  every bench
 *   npm run bench -- recon --rounds 5              the benches whose name holds "recon"; the rest goes to them
 *   npm run bench -- start,search                  the benches whose name holds either
 *   CONSOLE_BENCH_JSON=out.json npm run bench      where the JSON goes (default: the bench cache folder)
 *   CONSOLE_BENCH_COMPARE=old.json npm run bench   a column with an earlier run's figures
 *
 * Figures only: nothing here passes or fails on timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES_FILE_ENV } from './bench-kit.ts';
import { benchSummary, readFigures, type BenchRun } from './bench-summary.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2]?.split(',');
/** What follows the bench's name goes to the bench (`npm run bench -- recon --rounds 5`). */
const passOn = process.argv.slice(3);
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts') && (only === undefined || only.some((part) => name.includes(part))))
  .sort();

const scratch = mkdtempSync(join(tmpdir(), 'bench-figures-'));
const figuresFile = join(scratch, 'figures.jsonl');
writeFileSync(figuresFile, '');
let failed = 0;
try {
  for (const bench of benches) {
    const run = spawnSync(process.execPath, [join(here, bench), ...passOn], { stdio: 'inherit', env: { ...process.env, [FIGURES_FILE_ENV]: figuresFile } });
    if (run.status !== 0) failed += 1;
  }
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const result: BenchRun = {
    commit,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    benches,
    figures: readFigures(readFileSync(figuresFile, 'utf8')),
  };
  const compareWith = process.env['CONSOLE_BENCH_COMPARE'];
  const earlier = compareWith === undefined ? null : (JSON.parse(readFileSync(compareWith, 'utf8')) as BenchRun);
  console.log(benchSummary(result, earlier));
  const out = process.env['CONSOLE_BENCH_JSON'] ?? join(process.env['CONSOLE_BENCH_CACHE'] ?? join(tmpdir(), 'payments-console-bench'), 'results', `${result.at.replaceAll(':', '-')}-${commit}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`figures written to ${out}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = failed > 0 ? 1 : 0;
