/**
 * Start to the first list in browser mode: from launching the console to the payments list on
 * screen in Chromium (the grid settled, with its first rows or its empty notice). Chromium is
 * already running, as the launcher's window opens while the core starts; each start gets a new
 * page. Two ways to start, alternating, RUNS times each:
 *   bundle      what npm run start:browser runs: dist-electron/browser-main.mjs (build-electron.ts)
 *               with Node's compile cache;
 *   sources     what it ran before: node electron/browser/main.ts, a few hundred modules stripped
 *               of their types at every start;
 * each as a first start (an empty data folder: sandbox profiles and their credentials are
 * created; an empty compile cache) and a warm start (the same folder again). The floor is a bare
 * Node start (`node -e`) and the same renderer bundle served as plain files with no core behind it:
 * what a start cannot go below on this machine. The address is printed as soon as the server
 * listens: the page loads from then on while the core starts, and its first calls wait for it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildElectron } from '../../build/scripts/build-electron.ts';
import { launchChromium } from '../helpers/browser.ts';
import { reportFigures } from './bench-kit.ts';

/** `--setting short`: one start of each kind, what npm test runs to prove the bench still works. */
const RUNS = process.argv.includes('short') && process.argv.includes('--setting') ? 1 : 5;
const TARGET_MS = 1_500;
const STATIC_DIR = resolve('renderer/dist');
const ADDRESS = /Payments Console \(browser mode\): (\S+)/;

interface Start {
  /** Launch to the address printed: the page can load from then on, while the core starts. */
  readonly addressMs: number;
  /** Launch to the list on screen. */
  readonly listMs: number;
}

const LIST_SETTLED = () => {
  const grid = document.querySelector('.tx-grid[aria-busy="false"]');
  return grid !== null && grid.querySelector('[data-testid="transaction-row"], .empty') !== null;
};

interface Way {
  readonly entry: string;
  /** Node's compile cache for the run, or none. */
  readonly compileCache: boolean;
}

const WAYS = { bundle: { entry: 'dist-electron/browser-main.mjs', compileCache: true }, sources: { entry: 'electron/browser/main.ts', compileCache: false } } as const satisfies Record<string, Way>;

async function startOnce(browser: Browser, way: Way, dataDir: string): Promise<Start> {
  const env: NodeJS.ProcessEnv = { ...process.env, CONSOLE_DATA_DIR: dataDir };
  delete env['DISPLAY'];
  delete env['WAYLAND_DISPLAY'];
  delete env['NODE_COMPILE_CACHE'];
  if (way.compileCache) env['NODE_COMPILE_CACHE'] = join(dataDir, 'compile-cache');
  const started = performance.now();
  const child = spawn(process.execPath, [way.entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((found, failed) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        const match = ADDRESS.exec(out);
        if (match?.[1] !== undefined) found(match[1]);
      });
      child.once('exit', (code) => failed(new Error(`the console exited (${code}) before it printed its address`)));
    });
    const addressMs = performance.now() - started;
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(LIST_SETTLED, undefined, { timeout: 60_000, polling: 'raf' });
      return { addressMs, listMs: performance.now() - started };
    } finally {
      await page.close();
    }
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
}

function serveBundle(): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const path = request.url === '/' || request.url === undefined ? '/index.html' : request.url.split('?')[0] ?? '/index.html';
    try {
      const body = readFileSync(join(STATIC_DIR, path));
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** A bare Node start, then the bundle's first paint from plain files: nothing of the console runs. */
async function floorOnce(browser: Browser, url: string): Promise<number> {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('#root')?.childElementCount !== 0, undefined, { polling: 'raf' });
    return performance.now() - started;
  } finally {
    await page.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  await buildElectron({ quiet: true });
  const browser = await launchChromium();
  const { server, url } = await serveBundle();
  try {
    const starts = { bundle: { first: [] as Start[], warm: [] as Start[] }, sources: { first: [] as Start[], warm: [] as Start[] } };
    const floor: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      for (const name of ['bundle', 'sources'] as const) {
        const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
        try {
          starts[name].first.push(await startOnce(browser, WAYS[name], dataDir));
          starts[name].warm.push(await startOnce(browser, WAYS[name], dataDir));
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
      floor.push(await floorOnce(browser, url));
    }
    const cells = (values: readonly number[], width = 8) => `${median(values).toFixed(0).padStart(width)} | ${Math.max(...values).toFixed(0).padStart(width)}`;
    const line = (what: string, list: readonly Start[]) => `| ${what.padEnd(40)} | ${cells(list.map((start) => start.addressMs), 11)} | ${cells(list.map((start) => start.listMs))} |`;
    console.log(`\nStart to the first list, browser mode, ${RUNS} runs each, ms (median, worst); target ≤ ${TARGET_MS} ms\n`);
    console.log(`| ${'start'.padEnd(40)} | address p50 | address max | list p50 | list max |`);
    console.log(`|${'-'.repeat(42)}|------------:|------------:|---------:|---------:|`);
    console.log(line('bundle, first start (empty data folder)', starts.bundle.first));
    console.log(line('bundle, warm start (same folder again)', starts.bundle.warm));
    console.log(line('sources, first start', starts.sources.first));
    console.log(line('sources, warm start', starts.sources.warm));
    console.log(`| ${'floor: node -e + bundle from plain files'.padEnd(40)} | ${''.padStart(8)} | ${''.padStart(8)} | ${cells(floor)} |\n`);
    const listOf = (list: readonly Start[]) => median(list.map((start) => start.listMs));
    reportFigures([
      { group: 'start, browser mode', read: 'first start to list', unit: 'ms', value: listOf(starts.bundle.first), baseline: { label: 'from sources', value: listOf(starts.sources.first) }, target: TARGET_MS },
      { group: 'start, browser mode', read: 'warm start to list', unit: 'ms', value: listOf(starts.bundle.warm), baseline: { label: 'from sources', value: listOf(starts.sources.warm) }, target: TARGET_MS },
      { group: 'start, browser mode', read: 'floor: node -e + bundle from files', unit: 'ms', value: median(floor) },
    ]);
  } finally {
    server.close();
    await browser.close();
  }
}

await main();
