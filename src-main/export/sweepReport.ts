/**
 * A sweep's report, from the database to files: the run table in CSV, Markdown and
 * LaTeX, and the loss plots. "Best" is always chosen on validation, never on test.
 */
import type { RunRecord, Store } from '../store/store';
import { loadDataset } from '../data/registry';
import type { Dataset } from '../data/types';
import type { ChartConfiguration } from 'chart.js';
import { colorSlots, curveStyle, epochCurvesChart, lossCurvesChart } from './chartSpecs';
import { legendBelowPlugin, legendLayout, type LegendEntry } from './chartLegend';
import { chartSvg, type SvgSeries } from './chartSvg';
import { emaSmooth } from './smoothing';
import { rankColorSlots } from '../shared/runColors';
import { pickSamples, type ImageGridOptions } from './imageGrid';
import { renderConfusionPng, renderImageGridPng } from './renderImages';
import { evaluateRun } from './runEvaluation';
import { toCsv } from './csv';
import { toLatex } from './latex';
import { toMarkdown } from './markdown';
import { reportFolder } from './outputFiles';
import { renderChartPng } from './renderPng';
import { toReportRun } from './reportRun';
import { formatMetric } from '../shared/format';
import { runLabel } from '../shared/runLabel';
import { chooseBestRun } from '../shared/validationChoice';
import { buildRunTable } from './table';
import type { ReportRun, RunCurve, RunTable, WrittenFile } from './types';

export type { WrittenFile };

/** How many points of each loss curve a plot draws (LTTB keeps the shape). */
const PLOT_POINTS = 2000;
/** EMA weight of the exported per-iteration plots (the raw curve stays faint behind). */
export const SMOOTHING = 0.9;
/** Image grids: the assignment's 3×3 of training samples, 4×4 test predictions. */
export const SAMPLE_GRID = 3;
const PREDICTION_GRID = 4;

/** How a failed write's advice ends (see lib/fsErrors.ts). */
const AGAIN = { again: 'export again' };

export interface ExportOptions {
  /** A Fashion-MNIST folder chosen by the user. */
  dataDir?: string;
  /** n of the n×n training-sample grid. */
  samples?: number;
  /** Called as each file lands, complete: a failure later still leaves an honest list. */
  onWritten?: (file: WrittenFile) => void;
  /** Only these runs, in this order (`export --filter`); default: every current run. */
  runIds?: readonly number[];
}

export interface SweepTable {
  table: RunTable;
  runs: ReportRun[];
  sweptKeys: string[];
  best: ReportRun | null;
  /** Every run of the sweep as stored (seeds, replicates), for what the table's rows leave out. */
  records: RunRecord[];
}

export function sweepTable(store: Store, sweepId: number, runIds?: readonly number[]): SweepTable {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw Object.assign(new Error(`no sweep with id ${sweepId}`), { code: 'NOT_FOUND' });
  const sweptKeys = Object.keys(sweep.config.search.params);
  const records = store.runs.list({ sweepId });
  const all = records.map(toReportRun);
  const byId = new Map(all.map((r) => [r.id, r]));
  const runs = runIds ? runIds.flatMap((id) => byId.get(id) ?? []) : all;
  return { table: buildRunTable(runs, sweptKeys), runs, sweptKeys, best: chooseBestRun(runs), records };
}

export function lossCurves(store: Store, runs: ReportRun[], sweptKeys: string[], slots = colorSlots(runs.map((r) => r.id)), maxPoints = PLOT_POINTS): (RunCurve & { colorIndex?: number })[] {
  const series = store.metrics.series(runs.map((r) => r.id), ['loss'], { maxPoints });
  const label = new Map(runs.map((r) => [r.id, runLabel(r, sweptKeys)]));
  return series.map((s) => ({
    runId: s.runId,
    label: label.get(s.runId) ?? `run ${s.runId}`,
    colorIndex: slots.get(s.runId),
    points: s.steps.flatMap((x, i) => (s.values[i] === null ? [] : [{ x, y: s.values[i] as number }])),
  }));
}

export type TableFormat = 'csv' | 'md' | 'latex';

export interface TableFile {
  filename: string;
  mime: string;
  text: string;
}

/** The run table as one report file: what `export` writes and the GUI's table export saves. */
export function tableFile(store: Store, sweepId: number, format: TableFormat, table = sweepTable(store, sweepId).table): TableFile {
  const sweep = store.sweeps.get(sweepId)!;
  switch (format) {
    case 'csv':
      return { filename: 'runs.csv', mime: 'text/csv', text: toCsv(table) };
    case 'md':
      return { filename: 'runs.md', mime: 'text/markdown', text: toMarkdown(table) };
    case 'latex':
      return {
        filename: 'runs.tex',
        mime: 'application/x-tex',
        text: toLatex(table, { caption: `Sweep ${sweep.name}: one row per run; best value per metric in bold.`, label: `tab:sweep-${sweep.id}` }),
      };
  }
}

/** Past this many runs a chart's legend goes below the plot, every run listed (chartLegend.ts). */
const LEGEND_INLINE_MAX = 12;
const PLOT = { width: 1600, height: 900 } as const;
const REPORT_LEGEND_FONT = 20;

function legendOf(curves: readonly (RunCurve & { colorIndex?: number })[]): LegendEntry[] {
  return curves.map((c) => ({ label: c.label, ...curveStyle(c.colorIndex ?? 0) }));
}

/** The loss plot's config and size: Chart.js's legend for a few runs, else all of them below, the image taller to fit. */
export function lossPlot(curves: (RunCurve & { colorIndex?: number })[], title: string): [ChartConfiguration<'line'>, { width: number; height: number }] {
  const config = lossCurvesChart(curves, { title, xLabel: 'iteration', yLabel: 'training loss', smoothing: SMOOTHING });
  if (curves.length <= LEGEND_INLINE_MAX) return [config, PLOT];
  const layout = legendLayout(legendOf(curves), { width: PLOT.width, fontSize: REPORT_LEGEND_FONT });
  const options = config.options ?? {};
  config.options = { ...options, layout: { padding: { top: 16, left: 16, right: 16, bottom: 16 + layout.height } }, plugins: { ...options.plugins, legend: { display: false } } };
  config.plugins = [...(config.plugins ?? []), legendBelowPlugin(layout)];
  return [config, { width: PLOT.width, height: PLOT.height + layout.height }];
}

/** The same plot as vectors, for a paper: smoothed lines, raw ones faint behind, every run in the legend. */
export function lossSvg(curves: readonly (RunCurve & { colorIndex?: number })[], title: string): string {
  const series = curves.flatMap((c): SvgSeries[] => {
    const { color, dash } = curveStyle(c.colorIndex ?? 0);
    return [
      { label: c.label, color, dash, width: 1, opacity: 0.18, points: c.points, legend: false },
      { label: c.label, color, dash, width: 2, points: emaSmooth(c.points, SMOOTHING) },
    ];
  });
  return chartSvg(series, { title, xLabel: 'iteration', yLabel: 'training loss', ...PLOT });
}

/** The n×n grid of training images, one class per image where it can (pickSamples), captioned with the class. */
export function sampleGridOptions(dataset: Dataset & { image: { width: number; height: number } }, n: number): ImageGridOptions {
  const idx = pickSamples(dataset.train.y, n * n, dataset.name.length + n);
  return {
    images: idx.map((i) => dataset.train.x.subarray(i * dataset.features, (i + 1) * dataset.features)),
    width: dataset.image.width,
    height: dataset.image.height,
    cols: n,
    captions: idx.map((i) => dataset.classes[dataset.train.y[i]]),
  };
}

export async function exportSweep(store: Store, sweepId: number, outDir: string, opts: ExportOptions = {}): Promise<WrittenFile[]> {
  const { table, runs, sweptKeys, best } = sweepTable(store, sweepId, opts.runIds);
  const sweep = store.sweeps.get(sweepId)!;
  // The folder first; then each file whole or not at all: a full disk leaves the files before it complete, and none truncated.
  const { written, write } = await reportFolder(outDir, AGAIN, opts.onWritten);
  for (const format of ['csv', 'md', 'latex'] as const) {
    const file = tableFile(store, sweepId, format, table);
    await write(file.filename, file.text);
  }

  // Coloured by rank on validation, as the GUI colours them (runColors.ts), best first in the legend.
  const slots = rankColorSlots(runs);
  const curves = lossCurves(store, runs.filter((r) => r.status !== 'queued'), sweptKeys, slots).sort((a, b) => (a.colorIndex ?? 0) - (b.colorIndex ?? 0));
  const iterationPlot = (title: string, c: (RunCurve & { colorIndex?: number })[]) => renderChartPng(...lossPlot(c, title));
  const lossTitle = `${sweep.name}: training loss per iteration (EMA ${SMOOTHING}, raw faint)`;
  await write('loss.png', await iterationPlot(lossTitle, curves));
  await write('loss.svg', lossSvg(curves, lossTitle));
  if (!best) return written;

  const label = runLabel(best, sweptKeys);
  await write('best.png', await iterationPlot(`Best on validation: ${label} — val acc ${formatMetric(best.metrics.val_acc)}, test acc ${formatMetric(best.metrics.test_acc)}`, curves.filter((c) => c.runId === best.id)));
  for (const [file, metric, yLabel] of [['loss-epochs.png', 'loss', 'loss'], ['accuracy-epochs.png', 'acc', 'accuracy']] as const) {
    const series = store.metrics.series([best.id], [`train_${metric}`, `val_${metric}`]);
    const toPoints = (i: number) => series[i].steps.flatMap((x, j) => (series[i].values[j] === null ? [] : [{ x, y: series[i].values[j] as number }]));
    const chart = epochCurvesChart(
      [
        { label: `training ${yLabel}`, points: toPoints(0), colorIndex: 0 },
        { label: `validation ${yLabel}`, points: toPoints(1), dashed: true, colorIndex: 1 },
      ],
      { title: `${label} — ${yLabel} per epoch`, xLabel: 'epoch', yLabel },
    );
    await write(file, await renderChartPng(chart));
  }

  // The chosen run, evaluated again from its saved weights on the test split.
  let dataset: Dataset | undefined;
  const evaluation = await evaluateRun(store, best.id, { loadDataset: async (cfg) => (dataset = await loadDataset(cfg, { dataDir: opts.dataDir })) });
  const classes = evaluation.dataset.classes;
  await write('confusion.png', await renderConfusionPng({ counts: evaluation.confusion, classes, title: `${label} — test split, accuracy ${(100 * evaluation.accuracy).toFixed(1)} %` }));
  const image = dataset?.image;
  if (dataset && image) {
    const n = opts.samples ?? SAMPLE_GRID;
    const rows = (split: Dataset['train'], idx: number[]) => idx.map((i) => split.x.subarray(i * dataset!.features, (i + 1) * dataset!.features));
    await write('samples.png', await renderImageGridPng(sampleGridOptions({ ...dataset, image }, n)));
    const testIdx = pickSamples(dataset.test.y, PREDICTION_GRID * PREDICTION_GRID, 1);
    await write(
      'predictions.png',
      await renderImageGridPng({
        images: rows(dataset.test, testIdx),
        width: image.width,
        height: image.height,
        cols: PREDICTION_GRID,
        captions: testIdx.map((i) => `true: ${classes[evaluation.labels[i]]}`),
        subcaptions: testIdx.map((i) => `pred: ${classes[evaluation.predicted[i]]}`),
        marks: testIdx.map((i) => (evaluation.labels[i] === evaluation.predicted[i] ? 'correct' : 'wrong')),
      }),
    );
  }
  return written;
}
