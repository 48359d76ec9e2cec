/**
 * Words for the search and tuner parts of the New sweep form: one plain sentence per
 * strategy and per pruner, labels for the architecture keys, and how the trial count
 * reads before launch (a tuner proposes "up to N", or runs until its budget is spent).
 */
import { DEPTH_KEY, LAYER_WIDTH_KEYS, WIDTH_KEY, layerOfWidthKey, type Strategy } from '../shared';
import { PARAM_LABELS, RANGE_KEYS } from './labels';
import type { ConditionOp, Direction, ObjectiveMetric, PrunerName } from './searchDraft';
import { isAdaptive } from './searchDraft';

export const STRATEGY_LABELS: Record<Strategy, string> = { grid: 'Grid', random: 'Random', tpe: 'TPE', bayes: 'Bayesian (GP)' };

export const STRATEGY_SENTENCES: Record<Strategy, string> = {
  grid: 'Every combination of the values below, in order (or shuffled).',
  random: 'Draws each trial at random from the ranges; good when only a few parameters matter.',
  tpe: "Learns from finished trials which regions score well and samples there (Optuna's TPE); best for many parameters and a trial budget.",
  bayes: 'Fits a Gaussian process to the finished trials and picks the point with the largest expected improvement; best for a few continuous parameters.',
};

export const PRUNER_LABELS: Record<PrunerName | '', string> = { '': 'None', median: 'Median', asha: 'ASHA', hyperband: 'Hyperband' };

export const PRUNER_SENTENCES: Record<PrunerName | '', string> = {
  '': 'Every trial trains all its epochs.',
  median: 'Stops a trial whose best value so far is worse than the median of earlier trials at the same epoch.',
  asha: 'Trains many trials briefly and promotes only the top 1/η to each longer rung (min epochs × η^k).',
  hyperband: 'Runs several ASHA brackets with different minimum epochs, hedging against stopping slow starters too early.',
};

export const METRIC_LABELS: Record<ObjectiveMetric, string> = { val_acc: 'Validation accuracy', val_loss: 'Validation loss' };
export const DIRECTION_LABELS: Record<Direction, string> = { maximize: 'Maximize', minimize: 'Minimize' };
export const naturalDirection = (metric: ObjectiveMetric): Direction => (metric === 'val_loss' ? 'minimize' : 'maximize');

export const CONDITION_OP_LABELS: Record<ConditionOp, string> = { '==': '=', '!=': '≠', '>': '>', '>=': '≥', '<': '<', '<=': '≤', in: 'is one of' };

/** A swept key's name in the form: the architecture keys say what they build. */
export function searchParamLabel(key: string): string {
  if (key === DEPTH_KEY) return 'Depth (number of hidden layers)';
  if (key === WIDTH_KEY) return 'Width of every hidden layer';
  const layer = layerOfWidthKey(key);
  if (layer !== null) return `Width of hidden layer ${layer}`;
  return PARAM_LABELS[key] ?? key;
}

/** The "add parameter" list's words for a key: the architecture keys lead with the key. */
export function addParamLabel(key: string): string {
  if (key === DEPTH_KEY) return `${DEPTH_KEY} — number of hidden layers`;
  if (key === WIDTH_KEY) return `${WIDTH_KEY} — width of every hidden layer`;
  const layer = layerOfWidthKey(key);
  if (layer !== null) return `${key} — width of hidden layer ${layer}`;
  return `${PARAM_LABELS[key] ?? key} (${key})`;
}

const ARCHITECTURE_KEYS = new Set([DEPTH_KEY, WIDTH_KEY, ...LAYER_WIDTH_KEYS]);
export const isArchitectureLabelKey = (key: string): boolean => ARCHITECTURE_KEYS.has(key);
/** Keys a numeric range makes sense for: labels.ts's and the architecture's. */
export const isRangeKey = (key: string): boolean => RANGE_KEYS.has(key) || ARCHITECTURE_KEYS.has(key);

/** How the trial count reads before launch, from a validated search block and its count. */
export interface TrialSummary {
  /** 'up to' for a tuner's most; '' for a count known before launch. */
  prefix: '' | 'up to';
  /** null: no count, the budget decides. */
  count: number | null;
  text: string;
}

export function trialSummary(search: { strategy: Strategy; trials?: number }, count: number): TrialSummary {
  const trials = (n: number) => `${n} trial${n === 1 ? '' : 's'}`;
  if (!isAdaptive(search.strategy)) return { prefix: '', count, text: trials(count) };
  if (search.trials === undefined) return { prefix: '', count: null, text: 'until the budget is spent' };
  return { prefix: 'up to', count: search.trials, text: `up to ${trials(search.trials)}` };
}

/**
 * What a sweep searched, in one line of its summary: "Grid of 12 trials over Learning
 * rate, Hidden layers", "TPE, up to 40 trials over …", or "A single run (nothing swept)".
 */
export function searchSentence(search: { strategy: Strategy; trials?: number }, sweptKeys: readonly string[], trials: number): string {
  if (sweptKeys.length === 0) return trials === 1 ? 'A single run (nothing swept)' : `${trials} runs of the same config (nothing swept)`;
  const over = `over ${sweptKeys.map(searchParamLabel).join(', ')}`;
  const count = `${trials} trial${trials === 1 ? '' : 's'}`;
  if (search.strategy === 'grid') return `Grid of ${count} ${over}`;
  if (search.strategy === 'random') return `Random search, ${count} ${over}`;
  return `${STRATEGY_LABELS[search.strategy]}, ${search.trials !== undefined ? `up to ${search.trials} trials` : 'until the budget is spent'} ${over}`;
}
