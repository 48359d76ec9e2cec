/**
 * The paper pack: one folder with what a paper's results section needs from a sweep —
 * the run table (runs.csv), the group statistics (groups.csv, table.tex), the figures as
 * PNG for slides and SVG for the paper, manifest.json for reproducing it, and setup.md,
 * the "Experimental setup" prose. Every number comes from the shared rules (the
 * validation choice, groupRuns, groupBand), so the pack agrees with the GUI and the CLI.
 *
 * "Chosen runs" in loss.png are the best group's counted runs (its seeds), or the chosen
 * run alone when its configuration has a single run; the figure's title says which.
 */
import { groupRuns } from '../analysis/groups';
import type { GroupReport, RunGroup } from '../analysis/groupTypes';
import { loadDataset } from '../data/registry';
import type { Dataset } from '../data/types';
import type { Store } from '../store/store';
import { objectiveOf } from '../sweep/configSchema';
import { bandFigure } from './bandCharts';
import { colorSlots } from './chartSpecs';
import { groupCsv, groupLatex } from './groupTable';
import { reportFolder } from './outputFiles';
import { buildManifest, digestDataFiles, machineInfo, recordedSources } from './packManifest';
import { renderConfusionPng, renderImageGridPng } from './renderImages';
import { renderChartPng } from './renderPng';
import { evaluateRun } from './runEvaluation';
import { setupMarkdown } from './setupText';
import { confusionSvg, imageGridSvg } from './svgCanvas';
import { lossCurves, lossPlot, lossSvg, sampleGridOptions, SAMPLE_GRID, SMOOTHING, sweepTable, tableFile } from './sweepReport';
import type { ReportRun, WrittenFile } from './types';
import { runLabel } from '../shared/runLabel';

const AGAIN = { again: 'export the pack again' };

export interface PackOptions {
  /** A Fashion-MNIST folder chosen by the user, for re-evaluating the chosen run. */
  dataDir?: string;
  /** Called as each file lands, complete. */
  onWritten?: (file: WrittenFile) => void;
}

/** The runs loss.png shows, and how its title names them. */
function chosenRuns(report: GroupReport, best: ReportRun | null, sweptKeys: string[]): { ids: number[]; what: string } {
  const group = report.groups.find((g) => g.key === report.bestKey);
  if (group && group.counted.length > 1) return { ids: group.counted, what: `best group ${group.label} (${group.counted.length} seeds)` };
  return best ? { ids: [best.id], what: `chosen run ${runLabel(best, sweptKeys)}` } : { ids: [], what: 'no completed run' };
}

/** Best group first: the groups with a value on the objective, in the report's order. */
function rankedGroups(report: GroupReport): RunGroup[] {
  return report.groups.filter((g) => g.metrics[report.objective.metric]?.mean !== null && g.counted.length > 0);
}

export async function exportPaperPack(store: Store, sweepId: number, dir: string, opts: PackOptions = {}): Promise<WrittenFile[]> {
  const { table, runs, sweptKeys, best, records } = sweepTable(store, sweepId);
  const sweep = store.sweeps.get(sweepId)!;
  const { written, write } = await reportFolder(dir, AGAIN, opts.onWritten);

  await write('runs.csv', tableFile(store, sweepId, 'csv', table).text);
  const report = groupRuns(records, { sweptKeys, by: { kind: 'config' }, objective: objectiveOf(sweep.config.search) });
  await write('groups.csv', groupCsv(report));
  await write('table.tex', groupLatex(report, { caption: `Sweep ${sweep.name}: one row per configuration.`, label: `tab:sweep-${sweep.id}-groups` }));

  const chosen = chosenRuns(report, best, sweptKeys);
  const shown = runs.filter((r) => chosen.ids.includes(r.id));
  const curves = lossCurves(store, shown, sweptKeys, colorSlots(chosen.ids));
  const lossTitle = `${sweep.name}: training loss per iteration, ${chosen.what} (EMA ${SMOOTHING}, raw faint)`;
  await write('loss.png', await renderChartPng(...lossPlot(curves, lossTitle)));
  await write('loss.svg', lossSvg(curves, lossTitle));

  const groups = rankedGroups(report);
  for (const [stem, metric, what] of [['loss-epochs', 'loss', 'loss'], ['accuracy-epochs', 'acc', 'accuracy']] as const) {
    const title = `${sweep.name}: ${what} per epoch, mean (band: 95 % t-interval on validation) of the best ${Math.min(groups.length, 3)} group(s)`;
    const figure = await bandFigure(store, groups, metric, title);
    await write(`${stem}.png`, figure.png);
    await write(`${stem}.svg`, figure.svg);
  }

  // The sample grid and the chosen run's confusion matrix on the test split, from its saved weights.
  let dataset: Dataset | undefined;
  if (best) {
    const evaluation = await evaluateRun(store, best.id, { loadDataset: async (cfg) => (dataset = await loadDataset(cfg, { dataDir: opts.dataDir })) });
    const d = evaluation.dataset;
    if (d.image) {
      const grid = sampleGridOptions({ ...d, image: d.image }, SAMPLE_GRID);
      await write('samples.png', await renderImageGridPng(grid));
      await write('samples.svg', imageGridSvg({ ...grid, title: `${d.name}: training samples` }));
    }
    const confusion = { counts: evaluation.confusion, classes: d.classes, title: `${runLabel(best, sweptKeys)} — test split, accuracy ${(100 * evaluation.accuracy).toFixed(1)} %` };
    await write('confusion.png', await renderConfusionPng(confusion));
    await write('confusion.svg', confusionSvg(confusion));
  }

  // Hashed from what the runs recorded loading, or else from what the export just loaded.
  const sources = recordedSources(records);
  const data = await digestDataFiles(sources.length ? sources : dataset ? [dataset.source] : []);
  const machine = machineInfo();
  const bestGroup = report.groups.find((g) => g.key === report.bestKey);
  await write('setup.md', setupMarkdown({ config: sweep.config, runs: records, groups: report, machine }));
  const manifest = buildManifest({
    sweep: { id: sweep.id, name: sweep.name, createdAt: sweep.createdAt },
    config: sweep.config,
    runs: records,
    chosenRunId: best?.id ?? null,
    bestGroup: bestGroup ? { key: bestGroup.key, label: bestGroup.label, runIds: bestGroup.counted } : null,
    data,
    machine,
    files: [...written.map((f) => f.name), 'manifest.json'],
  });
  await write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return written;
}
