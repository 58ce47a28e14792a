/**
 * Electronegativity over the Electron shell and the renderer's HTML (where the CSP meta tag is).
 * Prints every finding and fails on any HIGH one. It runs in-process through the tool's own
 * runner: its CSV writer can garble rows and its SARIF carries no severity, while the runner
 * returns the findings as data. The Electron version is given, and the tool's HTTP client is
 * replaced by one that fails at once (offline-got.cjs): builds never reach the internet.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Finding {
  readonly id: string;
  readonly file: string;
  readonly location: { readonly line: number; readonly column: number };
  readonly severity: { readonly name: string };
  readonly confidence: { readonly name: string };
  readonly description: string;
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Finding[]; errors: unknown[] }>;

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
require('./offline-got.cjs');
const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

const work = mkdtempSync(join(tmpdir(), 'console-scan-'));
try {
  cpSync(join(root, 'electron/main'), join(work, 'main'), { recursive: true });
  cpSync(join(root, 'electron/preload'), join(work, 'preload'), { recursive: true });
  cpSync(join(root, 'renderer/index.html'), join(work, 'index.html'));
  const quiet = console.log;
  console.log = () => undefined; // the tool prints progress chatter through console.log
  let result: Awaited<ReturnType<Runner>>;
  try {
    result = await run(
      {
        input: work,
        output: undefined,
        isSarif: false,
        customScan: [],
        // Needs the internet (Electron release notes).
        excludeFromScan: ['availablesecurityfixesglobalcheck'],
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = quiet;
  }
  const high = result.issues.filter((issue) => issue.severity.name === 'HIGH');
  for (const issue of result.issues) {
    console.log(`${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id} ${issue.file}:${issue.location.line} ${issue.description}`);
  }
  console.log(`security scan: ${result.issues.length} finding(s), ${high.length} high (Electron ${electronVersion})`);
  if (high.length > 0 || result.errors.length > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
