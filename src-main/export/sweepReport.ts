/**
 * A sweep's report, from the database to files: the run table in CSV, Markdown and
 * LaTeX, and the loss plots. "Best" is always chosen on validation, never on test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunRecord, Store } from '../store/store';
import { lossCurvesChart } from './chartSpecs';
import { toCsv } from './csv';
import { toLatex } from './latex';
import { toMarkdown } from './markdown';
import { renderChartPng } from './renderPng';
import { buildRunTable, chooseBestRun, paramLabel } from './table';
import type { ReportRun, RunCurve, RunTable } from './types';

export interface WrittenFile {
  name: string;
  path: string;
}

/** How many points of each loss curve a plot draws (LTTB keeps the shape). */
const PLOT_POINTS = 2000;

export function toReportRun(r: RunRecord): ReportRun {
  const m = r.metrics;
  return {
    id: r.id,
    trialIndex: r.trialIndex,
    status: r.status,
    params: r.params,
    metrics: {
      train_loss: m.train_loss,
      train_acc: m.train_acc,
      val_loss: m.val_loss,
      val_acc: m.val_acc,
      test_loss: m.test_loss,
      test_acc: m.test_acc,
      best_epoch: m.best_epoch,
    },
    durationMs: r.startedAt !== null && r.finishedAt !== null ? r.finishedAt - r.startedAt : null,
    engine: r.engine ?? undefined,
    backend: r.backend ?? undefined,
    gpu: r.gpu ?? undefined,
  };
}

export interface SweepTable {
  table: RunTable;
  runs: ReportRun[];
  sweptKeys: string[];
  best: ReportRun | null;
}

export function sweepTable(store: Store, sweepId: number): SweepTable {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw Object.assign(new Error(`no sweep with id ${sweepId}`), { code: 'NOT_FOUND' });
  const sweptKeys = Object.keys(sweep.config.search.params);
  const runs = store.runs.list({ sweepId }).map(toReportRun);
  return { table: buildRunTable(runs, sweptKeys), runs, sweptKeys, best: chooseBestRun(runs) };
}

export function lossCurves(store: Store, runs: ReportRun[], sweptKeys: string[], maxPoints = PLOT_POINTS): RunCurve[] {
  const series = store.metrics.series(runs.map((r) => r.id), ['loss'], { maxPoints });
  const label = new Map(runs.map((r) => [r.id, `run ${r.id}${sweptKeys.length ? `: ${paramLabel(r.params, sweptKeys)}` : ''}`]));
  return series.map((s) => ({
    runId: s.runId,
    label: label.get(s.runId) ?? `run ${s.runId}`,
    points: s.steps.flatMap((x, i) => (s.values[i] === null ? [] : [{ x, y: s.values[i] as number }])),
  }));
}

function fmt(v: number | null | undefined): string {
  return typeof v === 'number' ? v.toFixed(4) : '—';
}

export async function exportSweep(store: Store, sweepId: number, outDir: string): Promise<WrittenFile[]> {
  const { table, runs, sweptKeys, best } = sweepTable(store, sweepId);
  const sweep = store.sweeps.get(sweepId)!;
  mkdirSync(outDir, { recursive: true });
  const written: WrittenFile[] = [];
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(outDir, name);
    writeFileSync(file, data);
    written.push({ name, path: file });
  };
  write('runs.csv', toCsv(table));
  write('runs.md', toMarkdown(table));
  write('runs.tex', toLatex(table, { caption: `Sweep ${sweep.name}: one row per run; best value per metric in bold.`, label: `tab:sweep-${sweep.id}` }));

  const curves = lossCurves(store, runs.filter((r) => r.status !== 'queued'), sweptKeys);
  write('loss.png', await renderChartPng(lossCurvesChart(curves, { title: `${sweep.name}: training loss`, xLabel: 'iteration', yLabel: 'loss' })));
  if (best) {
    const bestCurve = curves.filter((c) => c.runId === best.id);
    const title = `Best on validation: run ${best.id}${sweptKeys.length ? ` (${paramLabel(best.params, sweptKeys)})` : ''} — val acc ${fmt(best.metrics.val_acc)}, test acc ${fmt(best.metrics.test_acc)}`;
    write('best.png', await renderChartPng(lossCurvesChart(bestCurve, { title, xLabel: 'iteration', yLabel: 'loss' })));
  }
  return written;
}
