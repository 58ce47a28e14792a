/**
 * `npm run soak`: every suite in test/soak/suites/ at the full setting, one after the other, then
 * one table and the summary line
 *   soak: kills=N ops=N doubles=0 lost=0 unresolved=0 unmanageable=0 sent_beyond_balance=0 wrong_success=0
 * The exit code is 1 when any count that must be 0 is not (or a suite failed to run).
 *
 *   node test/soak/run-soak.ts [--setting full|short] [--suite crash --suite race …] [--seed N]
 */
import { randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { failuresOf, summaryLine, table, type SoakLevel, type SoakSetting, type SoakSuite, type SuiteResult } from './suite.ts';

const SUITES_DIR = fileURLToPath(new URL('./suites/', import.meta.url));

export interface DiscoveredSuite {
  readonly name: string;
  readonly run: SoakSuite;
}

/** Every module in test/soak/suites/ that exports `run`, by file name. */
export async function discoverSuites(only: readonly string[] = []): Promise<DiscoveredSuite[]> {
  const files = readdirSync(SUITES_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const suites: DiscoveredSuite[] = [];
  for (const file of files) {
    const name = basename(file, '.ts');
    if (only.length > 0 && !only.includes(name)) continue;
    const module = (await import(pathToFileURL(`${SUITES_DIR}${file}`).href)) as { run?: SoakSuite };
    if (typeof module.run !== 'function') throw new Error(`test/soak/suites/${file} exports no run(setting)`);
    suites.push({ name, run: module.run });
  }
  const missing = only.filter((name) => !suites.some((suite) => suite.name === name));
  if (missing.length > 0) throw new Error(`no such suite: ${missing.join(', ')}`);
  return suites;
}

export async function runSuite(suite: DiscoveredSuite, setting: SoakSetting): Promise<SuiteResult & { seconds: number }> {
  const started = performance.now();
  try {
    const result = await suite.run(setting);
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    setting.log(`${suite.name}: the suite failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { name: suite.name, counts: { suite_errors: 1 }, seconds: (performance.now() - started) / 1000 };
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      setting: { type: 'string', default: 'full' },
      suite: { type: 'string', multiple: true, default: [] },
      seed: { type: 'string' },
    },
  });
  if (values.setting !== 'full' && values.setting !== 'short') {
    process.stderr.write('--setting is full or short\n');
    return 2;
  }
  const seed = values.seed === undefined ? randomInt(2 ** 31) : Number(values.seed);
  const setting: SoakSetting = { level: values.setting as SoakLevel, seed, log: (line) => process.stderr.write(`${line}\n`) };
  setting.log(`soak: ${setting.level} setting, seed ${seed}`);
  const results: Array<SuiteResult & { seconds: number }> = [];
  for (const suite of await discoverSuites(values.suite)) {
    setting.log(`soak: ${suite.name}…`);
    const result = await runSuite(suite, setting);
    setting.log(`soak: ${suite.name} done in ${result.seconds.toFixed(1)} s`);
    results.push(result);
  }
  process.stdout.write(`${table(results)}\n${summaryLine(results)}\n`);
  const failed = results.flatMap((result) => failuresOf(result).map(([name, value]) => `${result.name}.${name}=${value}`));
  if (failed.length > 0) process.stderr.write(`soak: FAILED: ${failed.join(' ')}\n`);
  return failed.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  process.exitCode = await main();
}
