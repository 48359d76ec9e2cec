/**
 * Everything the renderer takes from src-main, in one place: the API contract and the
 * pure modules (config schema, search spaces, chart specs, image grids, the run table, and
 * src-main/shared/: number formats, run labels, the validation choice). Nothing else
 * from src-main may be imported: it is Node code. Relative paths, which Vite, vitest and
 * vue-tsc all resolve alike without an alias.
 */
export * from '../../src-main/api/contract';
export { METRIC, METRICS, cadenceOf, changesEpochFigures, type MetricCadence, type MetricKey, type MetricPoint } from '../../src-main/api/metrics';
export {
  ACTIVATIONS,
  ADAPTIVE_STRATEGIES,
  CONDITION_OPS,
  DIRECTIONS,
  OBJECTIVE_METRICS,
  SCHEDULE_TYPES,
  STRATEGIES,
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
  isToyDataset,
  MAX_TOY_NOISE,
  TOY_CLASSES,
  TOY_DATASETS,
  TOY_DEFAULT_NOISE,
  TOY_SAMPLES,
  toyClassesProblem,
  toyDefaults,
  toyOptionsSchema,
  type ToyKind,
  type ToyOptions,
  objectiveOf,
  validateSweepConfig,
  type ParamChoice,
  type ParamRange,
  type ParamSpace,
  type Strategy,
  type TrialConfig,
} from '../../src-main/sweep/configSchema';
export { countTrials, gridValues } from '../../src-main/sweep/searchSpace';
export { DEPTH_KEY, LAYER_WIDTH_KEYS, WIDTH_KEY, implicitLayerCondition, isArchitectureKey, layerOfWidthKey } from '../../src-main/sweep/architecture';
export { DEFAULT_MIN_EPOCHS, DEFAULT_REDUCTION_FACTOR, PRUNER_TYPES, type PrunerType } from '../../src-main/search/pruners/config';
export { PALETTE, colorSlots, curveStyle, epochCurvesChart, lossCurvesChart, whiteBackground, withAlpha, type EpochSeries } from '../../src-main/export/chartSpecs';
export { Ema, emaSmooth } from '../../src-main/export/smoothing';
export { logTickLabels } from '../../src-main/export/axisTicks';
export { rankColorSlots } from '../../src-main/shared/runColors';
export { chartSvg, type SvgSeries } from '../../src-main/export/chartSvg';
export { legendBelowPlugin, legendLayout, type LegendEntry } from '../../src-main/export/chartLegend';
export { drawImageGrid, layoutImageGrid, pickSamples, type Canvas2D, type ImageGridOptions } from '../../src-main/export/imageGrid';
export { drawConfusionMatrix, layoutConfusion } from '../../src-main/export/confusion';
export { buildRunTable, formatCell, isBest } from '../../src-main/export/table';
export { toReportRun } from '../../src-main/export/reportRun';
export type { CurvePoint, ReportRun, RunCurve, RunTable, RunTableCell, RunTableColumn } from '../../src-main/export/types';
// src-main/shared/: rules the GUI, the CLI and the exports must agree on.
export { formatCompact, formatDurationMs, formatMetric, formatParamValue } from '../../src-main/shared/format';
export { runLabel } from '../../src-main/shared/runLabel';
// Frames (replays): the pictures and the GIF, drawn as the CLI's export draws them.
export { FRAME_LIMITS } from '../../src-main/frames/config';
export { datasetFrameKind } from '../../src-main/sweep/configSchema';
export { framePalette, type Raster } from '../../src-main/frames/render';
export { composePanels, drawFrameText, framePanels, frameCaption, renderFrame, type FrameLayout, type PixelCanvas2D } from '../../src-main/frames/frameLayout';
export { encodeGif } from '../../src-main/frames/gif';
export { frameAtStep, lockstepIndices, lockstepTimeline } from '../../src-main/frames/timeline';
// The analysis views read numbers the way importance encodes them.
export { numericValue } from '../../src-main/analysis/parameters';
export { chooseBestRun, compareOnValidation, rankOnValidation } from '../../src-main/shared/validationChoice';
export { matchesQuery, parseQuery, queryKeys, runQueryRow, type ParsedQuery, type QueryProblem, type QueryRow, type QueryTerm } from '../../src-main/shared/runQuery';
export { settingApplies } from '../../src-main/shared/settingsInUse';
// Group statistics (replicates over seeds, or by one parameter): the types; groups.ts computes them.
export { ALPHA, GROUP_METRICS, MIN_REPLICATES, SEED_KEY, configKey, formatPValue, groupBand, groupRuns, verdictText, type GroupOptions } from '../../src-main/analysis/groups';
export type { BandPoint, Comparison, GroupBy, GroupReport, GroupableRun, Interval, MetricSummary, RunGroup, Verdict } from '../../src-main/analysis/groupTypes';
