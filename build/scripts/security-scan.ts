/**
 * Electronegativity over the Electron code and the renderer's HTML (where the CSP meta tag is).
 * Fails on any HIGH finding; prints every finding. The Electron version is given so the tool does
 * not need the network to guess it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'console-scan-'));
try {
  cpSync(join(root, 'electron/main'), join(work, 'main'), { recursive: true });
  cpSync(join(root, 'electron/preload'), join(work, 'preload'), { recursive: true });
  cpSync(join(root, 'renderer/index.html'), join(work, 'index.html'));
  const report = join(work, 'report.sarif');
  // The release-notes check only works online; offline, the tool's HTTP client can also crash
  // while giving up on it, so it is left out and a crashed run is tried once more.
  const args = ['-i', work, '-e', electronVersion, '-r', '-o', report, '-v', 'false', '-x', 'AvailableSecurityFixesGlobalCheck'];
  let run = spawnSync(join(root, 'node_modules/.bin/electronegativity'), args, { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) run = spawnSync(join(root, 'node_modules/.bin/electronegativity'), args, { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`electronegativity exited with ${run.status}`);
  }
  // SARIF levels: HIGH severity is reported as "error", MEDIUM as "warning", the rest as "note".
  const sarif = JSON.parse(readFileSync(report, 'utf8')) as {
    runs: Array<{ results: Array<{ ruleId: string; level: string; message?: { text?: string }; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }> }> }>;
  };
  const rows = sarif.runs.flatMap((r) => r.results);
  const high = rows.filter((row) => row.level === 'error');
  for (const row of rows) {
    const where = row.locations?.[0]?.physicalLocation;
    console.log(`${row.level.padEnd(7)} ${row.ruleId} ${where?.artifactLocation?.uri ?? 'N/A'}:${where?.region?.startLine ?? 0}`);
  }
  console.log(`security scan: ${rows.length} finding(s), ${high.length} high (Electron ${electronVersion})`);
  if (high.length > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
