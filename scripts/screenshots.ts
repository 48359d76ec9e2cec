/**
 * `npm run screenshots`: the README's pictures, taken from the real app in browser mode.
 * Runs the seed Iris sweep and a small Fashion-MNIST sweep into a temporary database with
 * the CLI, serves it with `sweeplab serve`, and photographs the sweep view, the comparison
 * table and a run view in Chromium into docs/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { api, ensureRendererBuilt, launchBrowser, openPage, serve, ROOT } from '../test/e2e/harness';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const cli = (args: string[], db: string) => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'sweeplab.js'), ...args, '--db', db], { cwd: ROOT, stdio: 'pipe' });

await ensureRendererBuilt();
const server = await serve();
const browser = await launchBrowser();
try {
  const fashion = path.join(server.dir, 'fashion.json');
  writeFileSync(
    fashion,
    JSON.stringify({
      name: 'fashion-lr-width',
      dataset: { name: 'fashion-mnist-subset', split: { train: 0.8, val: 0.2 } },
      engine: 'scratch',
      model: { hidden: [64] },
      train: { epochs: 15, batchSize: 32, optimizer: 'adamw', lr: 0.001 },
      search: { params: { 'train.lr': [0.0005, 0.002], 'model.hidden': [[32], [128]] } },
      concurrency: 2,
    }),
  );
  process.stderr.write('screenshots: running the sweeps\n');
  cli(['sweep', path.join(ROOT, 'resources', 'examples', 'seed-iris.json')], server.db);
  cli(['sweep', fashion], server.db);
  const sweeps = await api<{ id: number; name: string }[]>(server, 'listSweeps');
  const iris = sweeps.find((s) => s.name === 'seed-iris')!;
  const fm = sweeps.find((s) => s.name === 'fashion-lr-width')!;
  const origin = new URL(server.url).origin;
  const { page } = await openPage(browser, server.url);
  await page.setViewportSize({ width: 1680, height: 1050 });
  mkdirSync(OUT, { recursive: true });

  await page.goto(`${origin}/#/sweeps/${fm.id}`);
  await page.getByTestId('run-row').first().waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(OUT, 'sweep-view.png') });

  await page.goto(`${origin}/#/sweeps/${iris.id}`);
  const table = page.getByTestId('runs-table');
  await table.waitFor();
  await page.getByTestId('sort-val_acc').click().catch(() => undefined);
  await page.waitForTimeout(1000);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUT, 'comparison-table.png') });

  const detail = await api<{ bestRunId: number }>(server, 'getSweep', { id: fm.id });
  await page.goto(`${origin}/#/runs/${detail.bestRunId}`);
  await page.getByTestId('run-predictions-grid').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(OUT, 'run-view.png'), fullPage: true });
  process.stderr.write(`screenshots: written to ${OUT}\n`);
} finally {
  await browser.close();
  await server.stop();
}
