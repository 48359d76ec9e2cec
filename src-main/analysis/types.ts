/** The analysis DTOs: what `importance` answers, to the GUI and to `sweeplab importance`. Types only. */
import type { RunStatus } from '../store/types';
import type { AnalysisParam } from './parameters';

export type { AnalysisParam };

/** One trial as the analysis sees it: its swept values and its objective. */
export interface AnalysisTrial {
  runId: number;
  trialIndex: number;
  status: RunStatus;
  params: Record<string, unknown>;
  /** The best objective over its epochs (a pruned trial's best before it stopped); null: none. */
  value: number | null;
}

export interface ParamImportance {
  key: string;
  /** Mean over the forest's trees of the parameter's main-effect share of the variance (0..1); null: too few trials. */
  importance: number | null;
  /** Between-tree standard deviation of that share. */
  std: number | null;
  /** Spearman rank correlation of the parameter with the objective, over trials where it is active (numeric parameters only). */
  correlation: number | null;
}

export interface ImportanceReport {
  sweepId: number;
  objective: { metric: string; direction: 'maximize' | 'minimize' };
  params: AnalysisParam[];
  /** Every current trial, finished or not, in trial order. */
  trials: AnalysisTrial[];
  /** Trials with a value that the search has judged: completed, or pruned after reporting one. */
  finished: number;
  /** Below this many finished trials there are no figures. */
  minTrials: number;
  /** Most important first; null below `minTrials` ("too few trials to say"). */
  importance: ParamImportance[] | null;
}
