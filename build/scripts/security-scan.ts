/**
 * Electronegativity over the Electron code and the renderer's HTML (where the CSP meta tag is).
 * Fails on any HIGH finding; prints every finding. The Electron version is given so the tool does
 * not need the network to guess it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const root = new URL('../..', import.meta.url).pathname;
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'console-scan-'));
try {
  cpSync(join(root, 'electron/main'), join(work, 'main'), { recursive: true });
  cpSync(join(root, 'electron/preload'), join(work, 'preload'), { recursive: true });
  cpSync(join(root, 'renderer/index.html'), join(work, 'index.html'));
  const report = join(work, 'report.csv');
  // The release-notes check needs the internet, which builds never have.
  const args = [
    '--require', join(root, 'build/scripts/offline-got.cjs'),
    join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
    '-i', work, '-e', electronVersion, '-r', '-o', report, '-v', 'false', '-x', 'AvailableSecurityFixesGlobalCheck',
  ];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`electronegativity exited with ${run.status}`);
  }
  // Only the CSV report carries the severity (the SARIF one has note/warning levels only).
  const rows = parse(readFileSync(report, 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const high = rows.filter((row) => row.severity === 'HIGH');
  for (const row of rows) console.log(`${(row.severity ?? '').padEnd(13)} ${row.issue} ${row.filename}:${row.location}`);
  console.log(`security scan: ${rows.length} finding(s), ${high.length} high (Electron ${electronVersion})`);
  if (high.length > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
