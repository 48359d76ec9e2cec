/**
 * `npm run bench:gui`: how the sweep view holds up with a large sweep. Seeds a temporary
 * database straight through the store (100 completed runs × 10,000 loss points, plus
 * per-epoch train/val metrics), serves it with `sweeplab serve`, opens the sweep view in
 * Chromium (playwright-core) and measures:
 *   - time until the comparison table and the loss chart have rendered;
 *   - main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) and the time to
 *     the next painted frame while dragging the smoothing slider, toggling log scale,
 *     switching the x axis and sorting the table;
 *   - the same after showing all 100 runs' curves at once;
 *   - "All" on a second sweep of 1,000 runs (a large random search: 200 loss points a
 *     run): the time until every run's curve is shown in all three charts (history
 *     arrives in batches of at most 100 runs), the long tasks meanwhile, and the controls
 *     with a thousand curves drawn; before that, on opening it, the parallel coordinates'
 *     frame time and the time until the parameter importance is on screen.
 * Prints one JSON object on stdout; progress goes to stderr.
 *
 * Options: --runs N (100), --points N (10000), --epochs N (20), --all-runs N (1000; 0
 * skips it), --all-points N (200), --chromium PATH, --keep.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { openStore } from '../src-main/store/store';
import { validateSweepConfig } from '../src-main/sweep/configSchema';
import { expandTrials } from '../src-main/sweep/searchSpace';

/*
 * The functions passed to page.evaluate run in Chromium. The Node tsconfig has no DOM
 * types (on purpose), so the few browser globals they use are declared here, for this
 * module only.
 */
interface PageElement {
  value: string;
  click(): void;
  getAttribute(name: string): string | null;
  dispatchEvent(e: unknown): boolean;
}
declare const window: { __long: number[] };
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): { length: number } };
declare const location: { hash: string };
declare function requestAnimationFrame(cb: () => void): number;
declare const Event: new (type: string, init?: { bubbles?: boolean }) => unknown;
declare const PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(opts: { type: string; buffered: boolean }): void };

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    points: { type: 'string', default: '10000' },
    epochs: { type: 'string', default: '20' },
    'all-runs': { type: 'string', default: '1000' },
    'all-points': { type: 'string', default: '200' },
    chromium: { type: 'string', default: process.env.SWEEPLAB_CHROMIUM ?? '/usr/bin/chromium' },
    keep: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const POINTS = Number(args.points);
const EPOCHS = Number(args.epochs);
const ALL_RUNS = Number(args['all-runs']);
const ALL_POINTS = Number(args['all-points']);
const log = (m: string) => process.stderr.write(`bench:gui: ${m}\n`);
const round = (x: number, d = 1) => Number(x.toFixed(d));

/** A sweep of `RUNS` completed runs with realistic-looking, noisy, decaying curves (`POINTS` loss points each). */
function seed(dbFile: string, name = 'bench-gui', RUNS_ = RUNS, POINTS_ = POINTS): number {
  const [RUNS, POINTS] = [RUNS_, POINTS_];
  const side = Math.ceil(Math.sqrt(RUNS));
  // 0.001 to 1 in `side` steps (1.5× apart at the default 100 runs).
  const lrs = Array.from({ length: side }, (_, i) => Number((0.001 * Math.min(1.5 ** i, 1000 ** (i / Math.max(1, side - 1)))).toPrecision(3)));
  const hidden = Array.from({ length: Math.ceil(RUNS / side) }, (_, i) => [8 * (i + 1)]);
  const checked = validateSweepConfig({
    name,
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
    engine: 'scratch',
    model: { hidden: [10], activation: 'relu' },
    train: { epochs: EPOCHS, batchSize: 16, optimizer: 'sgd', lr: 0.01, seed: 0 },
    search: { strategy: 'grid', params: { 'train.lr': lrs, 'model.hidden': hidden } },
  });
  if (!checked.ok) throw new Error(`bench config: ${JSON.stringify(checked.issues)}`);
  const store = openStore(dbFile);
  try {
    const sweep = store.sweeps.create({ name, config: checked.config });
    const trials = expandTrials(checked.config).slice(0, RUNS);
    const runs = store.runs.createQueued(sweep.id, trials.map((t) => ({ trialIndex: t.index, params: t.params, config: t.config, seed: 0 })));
    store.sweeps.setStatus(sweep.id, 'running');
    const stepsPerEpoch = Math.ceil(POINTS / EPOCHS);
    const t0 = Date.UTC(2025, 0, 1);
    runs.forEach((run, r) => {
      const rate = 0.5 + (r % 17) / 8;
      const floor = 0.05 + (r % 7) / 40;
      store.runs.start(run.id, { engine: 'scratch', backend: 'js-float64', gpu: false, appVersion: 'bench', versions: {}, pid: process.pid }, { name: 'iris', source: 'bench', train: 105, val: 15, test: 30, stepsPerEpoch });
      let rng = r + 1;
      const noise = () => ((rng = (rng * 16807) % 2147483647) / 2147483647 - 0.5) * 0.3;
      const points = [];
      for (let step = 1; step <= POINTS; step++) {
        const y = floor + 2 * Math.exp((-rate * step) / POINTS * 6);
        points.push({ key: 'loss', step, value: Math.max(1e-3, y * (1 + noise())), time: t0 + step * 10 });
      }
      for (let e = 1; e <= EPOCHS; e++) {
        const y = floor + 2 * Math.exp((-rate * e) / EPOCHS * 6);
        const time = t0 + e * stepsPerEpoch * 10;
        points.push({ key: 'train_loss', step: e, value: y, time }, { key: 'val_loss', step: e, value: y * 1.1, time });
        points.push({ key: 'train_acc', step: e, value: 1 - y / 3, time }, { key: 'val_acc', step: e, value: 0.95 - y / 3 - (r % 5) / 100, time });
      }
      points.push({ key: 'test_acc', step: EPOCHS, value: 0.9 - (r % 9) / 100, time: t0 }, { key: 'test_loss', step: EPOCHS, value: floor * 1.2, time: t0 });
      points.push({ key: 'best_epoch', step: EPOCHS, value: EPOCHS - (r % 4), time: t0 });
      store.metrics.append(run.id, points);
      store.runs.finish(run.id, 'completed');
    });
    store.sweeps.setStatus(sweep.id, 'completed');
    return sweep.id;
  } finally {
    store.close();
  }
}

function serve(dbFile: string, home: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'sweeplab.js'), 'serve', '--db', dbFile], { cwd: ROOT, env: { ...process.env, SWEEPLAB_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sweeplab serve did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1], stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`sweeplab serve exited with ${code}:\n${output}`)));
  });
}

type Action = { kind: 'smoothing' | 'select' | 'fill'; testid: string; value: string } | { kind: 'click'; testid: string };

/**
 * Long tasks, and the time from an input event to the next painted frame, of one phase
 * of interaction. The input is dispatched inside the page, so the figure is the app's
 * work (event handlers, Vue, the chart redraw, layout, paint), not Playwright's.
 */
async function phase(page: Page, name: string, actions: Action[]) {
  await page.evaluate(() => (window.__long = []));
  const frames: number[] = [];
  for (const action of actions) {
    const ms = await page.evaluate(async (a: Action) => {
      const el = document.querySelector(`[data-testid="${a.testid}"]`);
      if (!el) throw new Error(`no element with data-testid ${a.testid}`);
      const t0 = performance.now();
      if (a.kind === 'click') el.click();
      else {
        el.value = a.value;
        el.dispatchEvent(new Event(a.kind === 'select' ? 'change' : 'input', { bubbles: true }));
      }
      // The frame the change was scheduled for, then the one after it: painted by then.
      await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }, action);
    frames.push(ms);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(300);
  const long = await page.evaluate(() => window.__long);
  const sorted = [...frames].sort((a, b) => a - b);
  log(`${name}: ${actions.length} steps, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms to paint, ${long.length} long tasks`);
  return {
    steps: actions.length,
    medianToPaintMs: round(sorted[Math.floor(sorted.length / 2)]),
    maxToPaintMs: round(sorted.at(-1)!),
    longTasks: long.length,
    longTaskTotalMs: round(long.reduce((a, b) => a + b, 0)),
    longTaskMaxMs: round(Math.max(0, ...long)),
  };
}

const smoothingSteps = (values: number[]): Action[] => values.map((v) => ({ kind: 'smoothing', testid: 'smoothing', value: String(v) }));
const clicks = (testids: string[]): Action[] => testids.map((testid) => ({ kind: 'click', testid }));
const SORT_KEYS = ['val_acc', 'train_loss', 'train.lr', 'test_acc', 'duration_s', 'run'].map((k) => `sort-${k}`);

const points = (page: Page) => page.getAttribute('[data-testid="loss-chart"]', 'data-points').then(Number);

/**
 * In the page: every one of the three curve charts draws `n` series and loads nothing
 * more (data-series / data-loading on their wrappers). Self-contained: Playwright
 * ships its source to the page.
 */
function allShown(n: number): boolean {
  return ['loss-chart', 'epoch-val-acc-chart', 'epoch-val-loss-chart'].every((id) => {
    const el = document.querySelector(`[data-testid="${id}-wrap"]`);
    return Number(el?.getAttribute('data-series')) >= n && el?.getAttribute('data-loading') === 'false';
  });
}

/** "All" on the 1,000-run sweep: time until every curve shows, long tasks, then the controls. */
async function showAllOnBigSweep(page: Page, id: number) {
  await page.evaluate(() => (window.__long = []));
  const opened = await page.evaluate(() => performance.now());
  await page.evaluate((sweep) => (location.hash = `#/sweeps/${sweep}`), id);
  // The analysis views of every run: the parallel coordinates' own frame time, and the
  // time until the importance bars (a forest fitted in the server) are on screen.
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="pcp"]')?.getAttribute('data-runs')) >= n, ALL_RUNS, { polling: 'raf', timeout: 120_000 });
  const pcpFrameMs = Number(await page.getByTestId('pcp').getAttribute('data-render-ms'));
  await page.waitForSelector('[data-testid="importance-row"], [data-testid="importance-too-few"]', { timeout: 120_000 });
  const importanceShownMs = (await page.evaluate(() => performance.now())) - opened;
  const analysisLong = await page.evaluate(() => window.__long.slice());
  log(`analysis of ${ALL_RUNS} runs: parallel coordinates frame ${pcpFrameMs.toFixed(1)} ms, importance on screen after ${importanceShownMs.toFixed(0)} ms, longest task ${Math.max(0, ...analysisLong).toFixed(0)} ms`);
  const analysis = { pcpFrameMs: round(pcpFrameMs), importanceShownMs: round(importanceShownMs), longTaskMaxMs: round(Math.max(0, ...analysisLong)) };
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) > 0, undefined, { polling: 'raf', timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.evaluate(() => (window.__long = []));
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('show-all').click();
  await page.waitForFunction(allShown, ALL_RUNS, { polling: 'raf', timeout: 180_000 });
  const ms = (await page.evaluate(() => performance.now())) - t0;
  const long = await page.evaluate(() => window.__long.slice());
  log(`"All" on ${ALL_RUNS} runs shown after ${ms.toFixed(0)} ms; longest task ${Math.max(0, ...long).toFixed(0)} ms`);
  return {
    runs: ALL_RUNS,
    lossPointsPerRun: ALL_POINTS,
    analysis,
    showAllMs: round(ms),
    longTasks: long.length,
    longTaskTotalMs: round(long.reduce((a, b) => a + b, 0)),
    longTaskMaxMs: round(Math.max(0, ...long)),
    smoothing: await phase(page, `smoothing (${ALL_RUNS} runs)`, smoothingSteps([0.1, 0.5, 0.9, 0.6])),
    logScale: await phase(page, `log scale (${ALL_RUNS} runs)`, clicks(Array(2).fill('log-scale'))),
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
    log('building the renderer (out/renderer is missing)…');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-bench-gui-'));
  const dbFile = path.join(dir, 'bench.db');
  let t = performance.now();
  const sweepId = seed(dbFile);
  const seedSeconds = (performance.now() - t) / 1000;
  log(`seeded ${RUNS} runs × ${POINTS} loss points in ${seedSeconds.toFixed(1)} s`);
  const bigSweepId = ALL_RUNS > 0 ? seed(dbFile, 'bench-gui-1000', ALL_RUNS, ALL_POINTS) : null;
  if (bigSweepId !== null) log(`seeded ${ALL_RUNS} runs × ${ALL_POINTS} loss points`);

  const server = await serve(dbFile, path.join(dir, 'home'));
  const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    // Load the app first, so the sweep view's timing is the view's, not the bundle's.
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="sweep-item"]');
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate((id) => (location.hash = `#/sweeps/${id}`), sweepId);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length > 0, undefined, { polling: 'raf' });
    const tableMs = (await page.evaluate(() => performance.now())) - t0;
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) > 0, undefined, { polling: 'raf', timeout: 60_000 });
    const chartMs = (await page.evaluate(() => performance.now())) - t0;
    const loadLong = await page.evaluate(() => window.__long.slice());
    const rows = await page.locator('[data-testid="run-row"]').count();
    const shown = await points(page);
    log(`table after ${tableMs.toFixed(0)} ms, loss chart (${shown} points) after ${chartMs.toFixed(0)} ms`);

    const interactions = {
      smoothing: await phase(page, 'smoothing', smoothingSteps([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0])),
      logScale: await phase(page, 'log scale', clicks(Array(6).fill('log-scale'))),
      xAxis: await phase(page, 'x axis', ['epoch', 'time', 'iteration', 'epoch', 'time', 'iteration'].map((value) => ({ kind: 'select', testid: 'x-axis', value }))),
      sortTable: await phase(page, 'sort', clicks([...SORT_KEYS, ...SORT_KEYS])),
      filterTable: await phase(page, 'filter', ['lr=0.0', 'hidden=16', 'completed', ''].map((value) => ({ kind: 'fill', testid: 'table-filter', value }))),
    };

    // Worst case: every run's curves at once (RUNS × 2000 history points, raw + smoothed).
    t = await page.evaluate(() => performance.now());
    await page.evaluate(() => (window.__long = []));
    await page.getByTestId('show-all').click();
    await page.waitForFunction(allShown, RUNS, { polling: 'raf', timeout: 120_000 });
    const allMs = (await page.evaluate(() => performance.now())) - t;
    const allLong = await page.evaluate(() => window.__long.slice());
    const allPoints = await points(page);
    log(`all ${RUNS} runs' curves (${allPoints} points) after ${allMs.toFixed(0)} ms`);
    const allRuns = {
      showAllMs: round(allMs),
      points: allPoints,
      longTasks: allLong.length,
      longTaskMaxMs: round(Math.max(0, ...allLong)),
      smoothing: await phase(page, 'smoothing (all runs)', smoothingSteps([0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.8, 0.6, 0.4, 0.2])),
      logScale: await phase(page, 'log scale (all runs)', clicks(Array(4).fill('log-scale'))),
      sortTable: await phase(page, 'sort (all runs)', clicks(SORT_KEYS)),
    };

    const bigSweep = bigSweepId === null ? null : await showAllOnBigSweep(page, bigSweepId);

    const result = {
      machine: { cpus: os.cpus().length, chromium: browser.version() },
      seed: { runs: RUNS, lossPointsPerRun: POINTS, epochs: EPOCHS, seconds: round(seedSeconds) },
      load: { tableMs: round(tableMs), lossChartMs: round(chartMs), rowsRendered: rows, chartPoints: shown, longTasks: loadLong.length, longTaskMaxMs: round(Math.max(0, ...loadLong)) },
      interactions,
      allRuns,
      bigSweep,
      pageErrors: errors,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
    if (args.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
