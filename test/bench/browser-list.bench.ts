/**
 * `npm run bench -- browser-list [--setting short] [--runs N] [--shapes MOTO,Pereira]`: the payments list and a payment's
 * page as an operator sees them, in Chromium over the browser-mode server and the real core, on a
 * ledger of 1,000,000 payments (payments-fixture.ts; a copy, so the cached file stays as seeded):
 *
 * - typing to list, per search shape: from the last input event in the search box (keys typed
 *   TYPING_GAP_MS apart, or the whole text pasted, as operators paste ids) to the frame in which
 *   the grid shows the new first page; each run on a freshly loaded list (so no answer comes from
 *   the page's cache). Next to it, the same search (the request the page sent, replayed) through
 *   the contract alone: the core's own time, so the screen's share is what is left. Each run is
 *   split into the wait before the page asked, the request, and the drawing after the answer;
 * - scrolling a result of more than 100,000 rows for SCROLL_MS, SCROLL_STEP_PX a frame: the frame
 *   times (requestAnimationFrame deltas, and Chromium's long-animation-frame entries), next to the
 *   same scroll over a static page in the same browser, which is what this machine cannot go below;
 * - a payment's page at 10 and at 10,000 wire entries: from the click on its row to the frame that
 *   shows its summary and time line, next to `payments:get` through the contract.
 *
 * The short setting (npm test runs it, test/integration/browser-list-bench.test.ts) takes a ledger
 * of SHORT_PAYMENTS, one run per shape and shorter scrolls, through every measurement. Needs the
 * OS keychain (the sandbox profiles' credentials, the audit key): run without one, it starts
 * itself again under build/scripts/with-keychain.sh. Figures only: nothing here passes or fails on
 * timing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import type { Browser, Page, Response } from 'playwright-core';
import { startBrowserServer } from '../../electron/browser/server.ts';
import { SQLITE_LEDGER_FILE } from '../../electron/core/workspace/ledger-location.ts';
import type { ChannelInput, ChannelName } from '../../shared/ipc/contract.ts';
import { launchChromium } from '../helpers/browser.ts';
import { quietLogger, removeDir, startTestCore, testContext, type TestCore } from '../helpers/test-core.ts';
import { recordStatusChecks } from '../helpers/wire-log.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { measureAsync, ms, printTable, reportFigures, rerunUnderKeychainIfNeeded, type Figure, type Timing } from './bench-kit.ts';
import { FIRST_AT_EPOCH_S, PAYMENTS, seededSqliteFile } from './payments-fixture.ts';

const { values: args } = parseArgs({ options: { setting: { type: 'string', default: 'full' }, runs: { type: 'string' }, shapes: { type: 'string' } }, strict: false });
/** `--shapes MOTO,Pereira`: only the shapes whose name holds one of these. */
const ONLY_SHAPES = typeof args.shapes === 'string' ? args.shapes.split(',') : null;
const SHORT = args.setting === 'short';
const SHORT_PAYMENTS = 20_000;
const LEDGER_PAYMENTS = SHORT ? SHORT_PAYMENTS : PAYMENTS;
/** Measured runs per search shape and per payment page (each on a freshly loaded list). */
const RUNS = typeof args.runs === 'string' ? Number(args.runs) : SHORT ? 1 : 8;
/** Replays of each search through the contract alone. */
const CONTRACT_RUNS = SHORT ? 5 : 40;
const TYPING_TARGET_MS = 100;
const FRAME_TARGET_MS = 33;
/** A quick typist: keys this far apart, so the searches of the first keys are still running when the last is typed. */
const TYPING_GAP_MS = 70;
const SCROLL_MS = SHORT ? 1_000 : 6_000;
/** The dense list's row height (TransactionList.tsx). */
const DENSE_ROW_PX = 26;
/** Three rows a frame, about 180 rows a second: a brisk wheel or a fling. */
const SCROLL_STEP_PX = 3 * DENSE_ROW_PX;
const SCROLLS = SHORT ? 1 : 3;
const WIRE_ENTRIES = SHORT ? [10, 200] : [10, 10_000];
/** The payment opened first after each load, so that the measured opening finds the page's code loaded (it is a chunk of its own). */
const FIRST_OPENED_ENTRIES = 1;
const VIEWPORT = { width: 1440, height: 900 };

rerunUnderKeychainIfNeeded(import.meta.url);

// ---------- the ledger ----------

/** One payment of each gateway near the middle of the ledger, to search by its gateway id. */
interface Samples {
  readonly sibs: string;
  readonly oppwa: string;
  readonly be2bill: string;
  readonly sayswitch: string;
}

function samplesFrom(file: string): Samples {
  const db = new DatabaseSync(file, { readOnly: true });
  const first = Math.floor((LEDGER_PAYMENTS * 0.5616) / 4) * 4;
  try {
    const gatewayId = (n: number) => String(db.prepare('SELECT gateway_transaction_id FROM payments WHERE id = ?').get(`pay_${String(n).padStart(8, '0')}`)?.['gateway_transaction_id']);
    return { sibs: gatewayId(first), oppwa: gatewayId(first + 1), be2bill: gatewayId(first + 2), sayswitch: gatewayId(first + 3) };
  } finally {
    db.close();
  }
}

interface Shape {
  readonly read: string;
  readonly text: string;
  /** Pasted whole (ids are copied from elsewhere), else typed key by key. */
  readonly pasted?: boolean;
}

const middle = (text: string, length: number) => text.slice(Math.floor((text.length - length) / 2), Math.floor((text.length - length) / 2) + length);

/** Typed and pasted, with and without rows found: every way a run can end, for the short setting. */
const SHORT_SHAPES: ReadonlySet<string> = new Set(['reference "MOTO-202507"', '1 char "M"', 'no hit "no-such-payment"', 'OPPWA id, pasted']);

/** The shapes of payment-search.bench.ts that cost the list most, and one of each other kind. */
function shapes(samples: Samples): Shape[] {
  const all: Shape[] = [
    { read: 'reference "MOTO-202507"', text: 'MOTO-202507' },
    { read: 'reference "ORD-15"', text: 'ORD-15' },
    { read: 'reference "Invoice 2025/"', text: 'Invoice 2025/' },
    { read: 'surname "Pereira"', text: 'Pereira' },
    { read: 'rare surname "Quaresma"', text: 'Quaresma' },
    { read: 'e-mail "chinedu.okafor4"', text: 'chinedu.okafor4' },
    { read: 'domain "gmail.com"', text: 'gmail.com' },
    { read: '1 char "M"', text: 'M' },
    { read: '2 chars "OR"', text: 'OR' },
    { read: '2 chars "zq" (no hit)', text: 'zq' },
    { read: 'no hit "no-such-payment"', text: 'no-such-payment' },
    { read: 'last 4 "4242"', text: '4242' },
    { read: 'SIBS id part, pasted', text: middle(samples.sibs, 8), pasted: true },
    { read: 'OPPWA id, pasted', text: samples.oppwa, pasted: true },
    { read: 'Be2bill id part, pasted', text: samples.be2bill.slice(0, 5), pasted: true },
    { read: 'Sayswitch id, pasted', text: samples.sayswitch, pasted: true },
  ];
  const chosen = SHORT ? all.filter((shape) => SHORT_SHAPES.has(shape.read)) : all;
  return ONLY_SHAPES === null ? chosen : chosen.filter((shape) => ONLY_SHAPES.some((part) => shape.read.includes(part)));
}

/** The cached seed copied into a data folder of its own: the console writes to its ledger (audit, the payments added here). */
function dataFolderWithLedger(seeded: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-browser-list-'));
  copyFileSync(seeded, join(dataDir, SQLITE_LEDGER_FILE));
  return dataDir;
}

/**
 * Payments just after the seed's newest (first in the list), each with its number of wire
 * entries. Not dated today: a year's gap between the newest payments and the rest misleads the
 * search's planner, which samples the newest days (ORD-15 took 930 ms instead of 10 through the
 * contract), and no ledger in use has such a gap.
 */
async function paymentsWithWireLogs(t: TestCore): Promise<Map<number, string>> {
  const { ledger } = t.core.internals;
  const made = new Map<number, string>();
  const newestSeeded = (FIRST_AT_EPOCH_S + (LEDGER_PAYMENTS - 1) * 30) * 1000;
  for (const [n, entries] of [FIRST_OPENED_ENTRIES, ...WIRE_ENTRIES].entries()) {
    const createdAt = new Date(newestSeeded + (3 - n) * 1000);
    const payment = await ledger.payments.insert(newPayment({ id: `pay_bench_wire_${entries}`, gatewayId: 'sibs-spg', status: 'captured', merchantReference: `BENCH-WIRE-${entries}`, createdAt }));
    await recordStatusChecks(ledger, payment.id, entries, new Date(createdAt.getTime() - entries * 60_000));
    made.set(entries, payment.id);
  }
  return made;
}

// ---------- the renderer bundle ----------

function newestUnder(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The bundle the browser-mode server serves, built again when the renderer's sources are newer. */
function freshRendererBundle(): void {
  const index = resolve('renderer/dist/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newestUnder(resolve('renderer/src')), newestUnder(resolve('shared')))) return;
  const built = spawnSync('npm', ['run', '-s', 'build:renderer', '--', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the renderer bundle did not build');
}

// ---------- in the page ----------

/** What one typing run measured, in the page's clock (ms). */
interface TypedRun {
  /** Last input event to the frame showing the new first page. */
  readonly totalMs: number;
  /** Last input event to the request for its search. */
  readonly waitMs: number;
  /** That request, sent to answered. */
  readonly requestMs: number;
  /** Answered to the frame showing it. */
  readonly drawMs: number;
}

/**
 * Runs in the page before the first key: waits, frame by frame, for the search box to hold `text`
 * and the grid to show `expected` (the first page's ids; none: the empty notice) from a search
 * asked after the last input, and keeps the timings on `window.benchTyping`.
 */
function watchTyping({ text, expected }: { text: string; expected: string[] }): void {
  const box = document.querySelector<HTMLInputElement>('[data-testid="transactions-search"]');
  if (box === null) throw new Error('no search box');
  performance.clearResourceTimings();
  performance.setResourceTimingBufferSize(10_000);
  let lastInput = Number.NaN;
  box.addEventListener('input', (event) => {
    lastInput = event.timeStamp;
  });
  const shows = () => {
    const grid = document.querySelector('.tx-grid');
    if (box.value !== text || grid === null || grid.getAttribute('aria-busy') !== 'false') return false;
    if (expected.length === 0) return grid.querySelector('.empty') !== null && grid.querySelector('[data-testid="transaction-row"]') === null;
    const drawn = [...grid.querySelectorAll<HTMLElement>('[data-testid="transaction-row"]')];
    if (drawn.length === 0) return false;
    return drawn.every((row) => {
      const index = Number(row.dataset['rowIndex']);
      return index >= expected.length || expected[index] === row.dataset['paymentId'];
    });
  };
  const window_ = window as unknown as { benchTyping: Promise<{ totalMs: number; waitMs: number; requestMs: number; drawMs: number }> };
  window_.benchTyping = new Promise((done, failed) => {
    const giveUp = performance.now() + 60_000;
    // The time the frame is drawn with: a rAF's own time stamp is the frame's start, which can precede the answer drawn in it.
    const frame = () => {
      const at = performance.now();
      const asked = performance
        .getEntriesByType('resource')
        .filter((entry): entry is PerformanceResourceTiming => entry.name.endsWith('/api/invoke/payments:search') && entry.startTime >= lastInput)
        .at(-1);
      if (!Number.isNaN(lastInput) && asked !== undefined && shows()) {
        done({ totalMs: at - lastInput, waitMs: asked.startTime - lastInput, requestMs: asked.responseEnd - asked.startTime, drawMs: at - asked.responseEnd });
        return;
      }
      if (performance.now() > giveUp) {
        failed(new Error(`the list did not show the page for "${text}" (box "${box.value}", busy ${document.querySelector('.tx-grid')?.getAttribute('aria-busy')})`));
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Frame times while the scroller under `selector` is scrolled `stepPx` a frame for `durationMs`. */
interface Frames {
  readonly deltas: number[];
  /** Chromium's long animation frames (over 50 ms) in the same time, their durations. */
  readonly longFrames: number[];
  /** Frames in which the "loading more" row was in view: the scroll outran the pages. */
  readonly waitingFrames: number;
  /** Rows the scroll passed. */
  readonly rowsPassed: number;
}

function scrollFor({ selector, stepPx, durationMs, rowHeight }: { selector: string; stepPx: number; durationMs: number; rowHeight: number }): Promise<Frames> {
  const scroller = document.querySelector<HTMLElement>(selector);
  if (scroller === null) throw new Error(`nothing to scroll at ${selector}`);
  const longFrames: number[] = [];
  const observer = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
    ? new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longFrames.push(entry.duration);
      })
    : null;
  observer?.observe({ type: 'long-animation-frame' });
  const startTop = scroller.scrollTop;
  return new Promise((done) => {
    const deltas: number[] = [];
    let waitingFrames = 0;
    let previous = Number.NaN;
    let started = Number.NaN;
    const frame = (at: number) => {
      if (Number.isNaN(started)) started = at;
      else deltas.push(at - previous);
      previous = at;
      if (scroller.querySelector('.tx-loader') !== null) {
        const loader = scroller.querySelector('.tx-loader')!.getBoundingClientRect();
        const view = scroller.getBoundingClientRect();
        if (loader.top < view.bottom && loader.bottom > view.top) waitingFrames += 1;
      }
      if (at - started >= durationMs) {
        // Entries of the last frames arrive after it ends.
        setTimeout(() => {
          observer?.disconnect();
          done({ deltas, longFrames, waitingFrames, rowsPassed: Math.round((scroller.scrollTop - startTop) / rowHeight) });
        }, 200);
        return;
      }
      scroller.scrollTop += stepPx;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Runs in the page before the click: the time from the click to the frame showing `paymentId`'s summary and time line. */
function watchDetail(paymentId: string): void {
  let clicked = Number.NaN;
  document.addEventListener(
    'click',
    (event) => {
      clicked = event.timeStamp;
    },
    { capture: true, once: true },
  );
  const shows = () =>
    document.querySelector('#payment-title')?.textContent?.includes(paymentId) === true &&
    document.querySelector('[data-testid="payment-status"]') !== null &&
    document.querySelector('[data-testid="timeline"]') !== null;
  (window as unknown as { benchDetail: Promise<number> }).benchDetail = new Promise((done, failed) => {
    const giveUp = performance.now() + 60_000;
    const frame = () => {
      if (!Number.isNaN(clicked) && shows()) return done(performance.now() - clicked);
      if (performance.now() > giveUp) return failed(new Error(`the page of ${paymentId} did not show`));
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

// ---------- the runs ----------

interface ListConsole {
  readonly t: TestCore;
  readonly origin: string;
  readonly page: Page;
}

const LIST_SETTLED = () => {
  const grid = document.querySelector('.tx-grid[aria-busy="false"]');
  return grid !== null && grid.querySelector('[data-testid="transaction-row"], .empty') !== null;
};

/** The list and its totals shown: the core has nothing left to answer. */
const LIST_IDLE = () => {
  const grid = document.querySelector('.tx-grid[aria-busy="false"]');
  return grid !== null && grid.querySelector('[data-testid="transaction-row"], .empty') !== null && document.querySelector('[data-testid="list-totals"]') !== null;
};

/**
 * A freshly loaded list (no cache in the page), unfiltered, scrolled to the top, with its totals:
 * counting a million payments holds the core for a second, and a run started before it ends
 * would time the count instead of the screen.
 */
async function freshList(console_: ListConsole): Promise<void> {
  await console_.page.goto('about:blank');
  await console_.page.goto(`${console_.origin}/#/transactions`);
  await console_.page.waitForFunction(LIST_IDLE, undefined, { timeout: 60_000, polling: 'raf' });
}

async function enter(page: Page, shape: Shape): Promise<void> {
  const box = page.getByTestId('transactions-search');
  await box.focus();
  if (shape.pasted === true) await page.keyboard.insertText(shape.text);
  else await page.keyboard.type(shape.text, { delay: TYPING_GAP_MS });
}

async function contract<C extends ChannelName>(t: TestCore, channel: C, input: ChannelInput<C>): Promise<unknown> {
  const answer = await t.core.door.invoke(channel, input, testContext);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
  return answer.value;
}

interface TypingResult {
  readonly shape: Shape;
  readonly found: string;
  readonly runs: TypedRun[];
  readonly search: Timing;
  readonly totals: Timing;
}

/**
 * One shape: a first pass shows which search the page sends for it (replayed through the contract
 * for the first page's ids and the core's own time), then RUNS measured passes.
 */
async function typingShape(console_: ListConsole, shape: Shape): Promise<TypingResult> {
  const { page, t } = console_;
  await freshList(console_);
  const asks = (channel: ChannelName) => (response: Response) => {
    const input = response.request().postDataJSON() as { text?: string; cursor?: string } | null;
    return response.url().endsWith(`/api/invoke/${channel}`) && input?.text === shape.text && input.cursor === undefined;
  };
  const searched = page.waitForResponse(asks('payments:search'), { timeout: 60_000 });
  const totalled = page.waitForResponse(asks('payments:totals'), { timeout: 120_000 });
  await enter(page, shape);
  const input = (await searched).request().postDataJSON() as ChannelInput<'payments:search'>;
  const totalsInput = (await totalled).request().postDataJSON() as ChannelInput<'payments:totals'>;
  const first = (await contract(t, 'payments:search', input)) as { rows: Array<{ id: string }>; nextCursor: string | null };
  const expected = first.rows.map((row) => row.id);
  // The core's own time while the page asks for nothing: a page's request answered between two
  // replays (a count holds the core for seconds) would be timed as the replay's.
  await page.goto('about:blank');
  const search = await measureAsync(() => contract(t, 'payments:search', input), CONTRACT_RUNS);
  const totals = await measureAsync(() => contract(t, 'payments:totals', totalsInput), SHORT ? 1 : 3, 0);
  const runs: TypedRun[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await freshList(console_);
    await page.evaluate(watchTyping, { text: shape.text, expected });
    await enter(page, shape);
    runs.push(await page.evaluate(() => (window as unknown as { benchTyping: Promise<TypedRun> }).benchTyping));
  }
  return {
    shape,
    found: `${expected.length}${first.nextCursor === null ? '' : '+'}`,
    runs,
    search,
    totals,
  };
}

interface ScrollResult {
  readonly frames: Frames;
  readonly floor: Frames;
}

async function scrollList(console_: ListConsole, browser: Browser): Promise<ScrollResult> {
  const runs: Frames[] = [];
  const floors: Frames[] = [];
  for (let run = 0; run < SCROLLS; run += 1) {
    await freshList(console_);
    runs.push(await console_.page.evaluate(scrollFor, { selector: '[data-testid="transactions-scroll"]', stepPx: SCROLL_STEP_PX, durationMs: SCROLL_MS, rowHeight: DENSE_ROW_PX }));
    // A page of its own, open only while it scrolls, so that its frames never run beside the list's.
    const still = await browser.newPage({ viewport: VIEWPORT });
    try {
      await still.setContent(`<div id="still" style="height: 532px; overflow: auto"><div style="height: 3000000px">${'<p>a static row</p>'.repeat(40)}</div></div>`);
      floors.push(await still.evaluate(scrollFor, { selector: '#still', stepPx: SCROLL_STEP_PX, durationMs: SCROLL_MS, rowHeight: DENSE_ROW_PX }));
    } finally {
      await still.close();
    }
  }
  const merged = (list: Frames[]): Frames => ({
    deltas: list.flatMap((frames) => frames.deltas),
    longFrames: list.flatMap((frames) => frames.longFrames),
    waitingFrames: list.reduce((sum, frames) => sum + frames.waitingFrames, 0),
    rowsPassed: Math.min(...list.map((frames) => frames.rowsPassed)),
  });
  return { frames: merged(runs), floor: merged(floors) };
}

interface DetailResult {
  readonly entries: number;
  readonly browser: number[];
  readonly contract: Timing;
}

async function clickToDetail(page: Page, paymentId: string): Promise<number> {
  const row = page.locator(`[data-testid="transaction-row"][data-payment-id="${paymentId}"]`);
  await row.waitFor();
  await page.evaluate(watchDetail, paymentId);
  await row.click();
  return page.evaluate(() => (window as unknown as { benchDetail: Promise<number> }).benchDetail);
}

/** On a freshly loaded list: the first payment opened (its page's code loads with it), back to the list, then `paymentId`. */
async function openDetail(console_: ListConsole, firstId: string, paymentId: string): Promise<{ first: number; again: number }> {
  const { page } = console_;
  await freshList(console_);
  const first = await clickToDetail(page, firstId);
  await page.goBack();
  await page.waitForFunction(LIST_SETTLED, undefined, { timeout: 60_000, polling: 'raf' });
  return { first, again: await clickToDetail(page, paymentId) };
}

// ---------- figures ----------

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

function reportTyping(results: readonly TypingResult[]): Figure[] {
  const p = (result: TypingResult, pick: (run: TypedRun) => number, at: number) => percentile(result.runs.map(pick), at);
  printTable(
    `Typing to list in Chromium over ${LEDGER_PAYMENTS.toLocaleString('en')} payments, ms: last input (keys ${TYPING_GAP_MS} ms apart, or pasted) to the frame showing the new first page, ${RUNS} runs each on a freshly loaded list; contract: the page's search replayed through the core alone (${CONTRACT_RUNS} runs); wait, request, draw: the medians of the run's parts. Target ≤ ${TYPING_TARGET_MS} ms p95`,
    ['search (rows found)', 'screen p50', 'screen p95', 'contract p50', 'contract p95', 'wait', 'request', 'draw', 'totals (contract)', `≤ ${TYPING_TARGET_MS} ms p95`],
    results.map((result) => [
      `${result.shape.read} (${result.found})`,
      ms(p(result, (run) => run.totalMs, 50)),
      ms(p(result, (run) => run.totalMs, 95)),
      ms(result.search.p50),
      ms(result.search.p95),
      ms(p(result, (run) => run.waitMs, 50)),
      ms(p(result, (run) => run.requestMs, 50)),
      ms(p(result, (run) => run.drawMs, 50)),
      ms(result.totals.p50),
      p(result, (run) => run.totalMs, 95) <= TYPING_TARGET_MS ? 'ok' : 'MISSED',
    ]),
  );
  return results.map((result) => ({
    group: 'browser: typing to list',
    read: `${result.shape.read}, p95`,
    unit: 'ms',
    value: p(result, (run) => run.totalMs, 95),
    baseline: { label: 'contract alone', value: result.search.p95 },
    target: TYPING_TARGET_MS,
  }));
}

function reportScroll({ frames, floor }: ScrollResult): Figure[] {
  const over = (list: Frames) => list.deltas.filter((delta) => delta > FRAME_TARGET_MS).length;
  const max = (values: readonly number[]) => (values.length === 0 ? 0 : Math.max(...values));
  printTable(
    `Scrolling the unfiltered list (over 100,000 rows) in Chromium, ${SCROLL_STEP_PX} px a frame for ${SCROLL_MS / 1000} s, ${SCROLLS} scroll(s); static page: the same scroll over a page with nothing to draw. Target: no frame over ${FRAME_TARGET_MS} ms`,
    ['scroll', 'frames', 'p50 frame', 'p95 frame', 'max frame', `over ${FRAME_TARGET_MS} ms`, 'long frames (LoAF)', 'longest LoAF', 'frames waiting for a page', 'rows passed'],
    [
      ['payments list', frames, 'list'] as const,
      ['static page', floor, 'floor'] as const,
    ].map(([what, list]) => [
      what,
      String(list.deltas.length),
      ms(percentile(list.deltas, 50)),
      ms(percentile(list.deltas, 95)),
      ms(max(list.deltas)),
      String(over(list)),
      String(list.longFrames.length),
      ms(max(list.longFrames)),
      String(list.waitingFrames),
      String(list.rowsPassed),
    ]),
  );
  return [
    { group: 'browser: scroll', read: 'max frame', unit: 'ms', value: max(frames.deltas), baseline: { label: 'static page', value: max(floor.deltas) }, target: FRAME_TARGET_MS },
    { group: 'browser: scroll', read: 'p95 frame', unit: 'ms', value: percentile(frames.deltas, 95), baseline: { label: 'static page', value: percentile(floor.deltas, 95) }, target: FRAME_TARGET_MS },
    { group: 'browser: scroll', read: `frames over ${FRAME_TARGET_MS} ms`, unit: 'frames', value: over(frames), baseline: { label: 'static page', value: over(floor) }, target: 0 },
    { group: 'browser: scroll', read: 'frames waiting for a page', unit: 'frames', value: frames.waitingFrames, target: 0 },
  ];
}

function reportDetail(results: readonly DetailResult[], firstAfterLoad: DetailResult): Figure[] {
  printTable(
    `A payment's page in Chromium: click on its row to the frame showing its summary and time line, ${RUNS} runs each, ms; each run on a freshly loaded list that first opens a payment of ${FIRST_OPENED_ENTRIES} wire entry (the first opening after load, which loads the page's code too), goes back and opens the one measured; contract: payments:get alone (${CONTRACT_RUNS} runs)`,
    ['payment opened', 'screen p50', 'screen p95', 'contract p50', 'contract p95'],
    [
      ...results.map((result) => [`${result.entries.toLocaleString('en')} wire entries`, ms(percentile(result.browser, 50)), ms(percentile(result.browser, 95)), ms(result.contract.p50), ms(result.contract.p95)]),
      ['first after load', ms(percentile(firstAfterLoad.browser, 50)), ms(percentile(firstAfterLoad.browser, 95)), ms(firstAfterLoad.contract.p50), ms(firstAfterLoad.contract.p95)],
    ],
  );
  const [few, many] = results;
  const figures: Figure[] = results.map((result) => ({
    group: 'browser: payment page',
    read: `open at ${result.entries.toLocaleString('en')} wire entries, p95`,
    unit: 'ms',
    value: percentile(result.browser, 95),
    baseline: { label: 'payments:get alone', value: result.contract.p95 },
  }));
  figures.push({
    group: 'browser: payment page',
    read: 'first opened after the list loads, p95',
    unit: 'ms',
    value: percentile(firstAfterLoad.browser, 95),
    baseline: { label: 'payments:get alone', value: firstAfterLoad.contract.p95 },
  });
  if (few !== undefined && many !== undefined) {
    figures.push({
      group: 'browser: payment page',
      read: `open at ${many.entries.toLocaleString('en')} ÷ at ${few.entries} wire entries, p50`,
      unit: '×',
      value: percentile(many.browser, 50) / percentile(few.browser, 50),
      baseline: { label: 'payments:get alone', value: many.contract.p50 / few.contract.p50 },
      target: 1.5,
    });
  }
  return figures;
}

// ---------- main ----------

async function main(): Promise<void> {
  freshRendererBundle();
  const seeded = seededSqliteFile(LEDGER_PAYMENTS);
  const all = shapes(samplesFrom(seeded));
  const dataDir = dataFolderWithLedger(seeded);
  const t = await startTestCore({ dataDir, recoverOnStart: false, notifications: { enabled: false } });
  let browser: Browser | null = null;
  const server = await startBrowserServer({ door: t.core.door, operator: 'bench-agent', staticDir: resolve('renderer/dist'), host: '127.0.0.1', logger: quietLogger });
  try {
    const withWire = await paymentsWithWireLogs(t);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    const console_: ListConsole = { t, origin: server.origin, page };

    const typing: TypingResult[] = [];
    for (const shape of all) {
      typing.push(await typingShape(console_, shape));
      process.stderr.write(`browser-list: ${shape.read}: p95 ${ms(percentile(typing.at(-1)!.runs.map((run) => run.totalMs), 95))} ms\n`);
    }
    const scroll = await scrollList(console_, browser);
    const details: DetailResult[] = [];
    const firstId = withWire.get(FIRST_OPENED_ENTRIES)!;
    const firstOpened: number[] = [];
    for (const entries of WIRE_ENTRIES) {
      const paymentId = withWire.get(entries)!;
      const opened: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const { first, again } = await openDetail(console_, firstId, paymentId);
        firstOpened.push(first);
        opened.push(again);
      }
      await page.goto('about:blank');
      details.push({ entries, browser: opened, contract: await measureAsync(() => contract(t, 'payments:get', { paymentId }), CONTRACT_RUNS) });
    }
    const firstContract = await measureAsync(() => contract(t, 'payments:get', { paymentId: firstId }), CONTRACT_RUNS);
    if (pageErrors.length > 0) throw new Error(`the page raised errors: ${pageErrors.join('; ')}`);
    reportFigures([...reportTyping(typing), ...reportScroll(scroll), ...reportDetail(details, { entries: FIRST_OPENED_ENTRIES, browser: firstOpened, contract: firstContract })]);
  } finally {
    await browser?.close();
    await server.close();
    await t.close();
    removeDir(dataDir);
  }
}

await main();
