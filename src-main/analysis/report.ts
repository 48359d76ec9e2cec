/**
 * The `importance` answer of a sweep: its parameters as axes, its trials with their
 * objective (the best over their epochs, as the tuner ranks them), and the importance
 * figures. Pure: the API handler and the tests pass the trials in.
 */
import { objectiveOf, type SweepConfig } from '../sweep/configSchema';
import { toSearchSpace } from '../sweep/searchSpace';
import { isFinishedTrial, MIN_TRIALS, parameterImportance } from './importance';
import { analysisParams } from './parameters';
import type { AnalysisTrial, ImportanceReport } from './types';

export function importanceReport(sweepId: number, config: SweepConfig, trials: AnalysisTrial[]): ImportanceReport {
  const params = analysisParams(toSearchSpace(config.search.params));
  // Seeded by the sweep's own search seed: the same sweep always gives the same figures.
  const importance = parameterImportance(params, trials, { seed: config.search.seed });
  return { sweepId, objective: objectiveOf(config.search), params, trials, finished: trials.filter(isFinishedTrial).length, minTrials: MIN_TRIALS, importance };
}
