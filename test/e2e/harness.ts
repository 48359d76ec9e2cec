/**
 * End-to-end harness: the built renderer served by the real `sweeplab serve` on a
 * temporary database, driven by playwright-core in Debian's Chromium. Nothing is mocked.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pidExists } from '../../src-main/store/liveness';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER = path.join(ROOT, 'out', 'renderer');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'e2e');
const CHROMIUM = process.env.SWEEPLAB_CHROMIUM ?? '/usr/bin/chromium';

function newestMtime(dir: string): number {
  if (statSync(dir).isFile()) return statSync(dir).mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const LOCK_WAIT_MS = 180_000;

/** The pid written into a build lock, or null when there is none (yet) or it cannot be read. */
function lockOwner(lock: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the build lock: a folder holding the pid of the test process that builds. Waits
 * while that process lives (until the build is done, not for a fixed time); a lock left
 * by a process that died (a test run interrupted mid-build) is taken over instead of
 * blocking every later run.
 */
async function takeBuildLock(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = lockOwner(lock);
    const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
    if (since === undefined) continue; // released just now
    // A lock without a pid may be one being taken right now: give its owner a moment.
    const abandoned = owner === null ? Date.now() - since > 5_000 : !pidExists(owner);
    if (abandoned) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the renderer build lock ${lock} is still held by pid ${owner ?? '?'} after ${LOCK_WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Builds the renderer when out/renderer is missing or older than its sources (the
 * renderer and the pure modules it shares with src-main). A lock folder keeps parallel
 * test files from building at once.
 */
export async function ensureRendererBuilt(): Promise<void> {
  const lock = path.join(ROOT, 'out', '.e2e-build-lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  await takeBuildLock(lock);
  try {
    const index = path.join(RENDERER, 'index.html');
    // Everything the renderer bundles: its own sources and the pure modules shared.ts reaches.
    // Every src-main folder the renderer imports pure modules from (tsconfig.web.json lists them).
    const sources = Math.max(...['src-renderer', 'src-main/export', 'src-main/api', 'src-main/sweep', 'src-main/shared', 'src-main/store', 'src-main/data', 'src-main/analysis', 'src-main/search', 'src-main/engine/types.ts', 'src-main/engine/random.ts'].map((d) => newestMtime(path.join(ROOT, d))));
    if (!existsSync(index) || statSync(index).mtimeMs < sources) {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Served {
  url: string;
  dir: string;
  db: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `sweeplab serve` on a fresh database in a temporary folder (its own user-data folder too). */
export async function serve(): Promise<Served> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-e2e-'));
  const db = path.join(dir, 'sweeplab.db');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'sweeplab.js'), 'serve', '--db', db], {
    cwd: ROOT,
    env: { ...process.env, SWEEPLAB_HOME: path.join(dir, 'home'), SWEEPLAB_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sweeplab serve did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`sweeplab serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dir,
    db,
    child,
    async stop() {
      // (If it has already exited, 'exit' will not come again.)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For a test file's beforeAll: a built renderer, its own `sweeplab serve` and its own Chromium. */
export async function startServedBrowser(): Promise<[Served, Browser]> {
  await ensureRendererBuilt();
  return Promise.all([serve(), launchBrowser()]);
}

/** For its afterAll: stops what startServedBrowser started (either may be missing if start failed). */
export async function stopServedBrowser(server: Served | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.stop();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root in a container Chromium needs --no-sandbox; the rest keeps it off the
    // (closed) network and quiet.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A page that fails the test on any uncaught page error. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

/** Keeps a screenshot of what the test saw, under the git-ignored test-results/. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The little of a browser canvas the tests read inside page.evaluate. The Node tsconfig
 * has no DOM types (on purpose), so this is declared here.
 */
export interface PageCanvas {
  width: number;
  height: number;
  toDataURL(): string;
  getContext(type: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

export function pngSize(buf: Buffer): { width: number; height: number } {
  if (buf.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Calls the server's API directly (to set up a scene faster than through the form). */
export async function api<T>(server: Served, method: string, req?: unknown): Promise<T> {
  const url = new URL(server.url);
  const token = url.searchParams.get('token');
  const res = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: req === undefined ? '' : JSON.stringify(req),
  });
  const result = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.data as T;
}
