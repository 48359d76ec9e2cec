/**
 * Everything the renderer takes from src-main, in one place: the API contract and the
 * pure modules (config schema, search spaces, chart specs, image grids, the run table). Nothing else
 * from src-main may be imported: it is Node code. Relative paths, which Vite, vitest and
 * vue-tsc all resolve alike without an alias.
 */
export * from '../../src-main/api/contract';
export { METRIC, METRICS, cadenceOf, changesEpochFigures, type MetricCadence, type MetricKey, type MetricPoint } from '../../src-main/api/metrics';
export {
  BACKENDS,
  DATASETS,
  ENGINE_BACKENDS,
  ENGINES,
  OPTIMIZERS,
  SCRATCH_BACKENDS,
  SWEEPABLE,
  TFJS_BACKENDS,
  defaultSplit,
  isImageDataset,
  validateSweepConfig,
  type ParamRange,
  type ParamSpace,
  type TrialConfig,
} from '../../src-main/sweep/configSchema';
export { countTrials, gridValues } from '../../src-main/sweep/searchSpace';
export { PALETTE, curveStyle, epochCurvesChart, lossCurvesChart, whiteBackground, withAlpha, type EpochSeries } from '../../src-main/export/chartSpecs';
export { emaSmooth } from '../../src-main/export/smoothing';
export { drawImageGrid, layoutImageGrid, pickSamples, type Canvas2D, type ImageGridOptions } from '../../src-main/export/imageGrid';
export { drawConfusionMatrix, layoutConfusion } from '../../src-main/export/confusion';
export { buildRunTable, chooseBestRun, formatCell, isBest, paramLabel as paramsLabel } from '../../src-main/export/table';
export { toReportRun } from '../../src-main/export/reportRun';
export type { CurvePoint, ReportRun, RunCurve, RunTable, RunTableCell, RunTableColumn } from '../../src-main/export/types';
