/**
 * Schema issues → form fields. The schema reports dotted paths (`train.lr`,
 * `model.hidden[1]`, `search.params.train.lr[2]`, `search.params.train.lr.min`); the
 * form names each input by the same kind of id. Swept keys contain dots themselves, so
 * `search.params.…` is split at the longest sweepable key, and a list item's index is
 * kept apart so the editor can mark the one bad value.
 */
import { SWEEPABLE, type ConfigIssue } from '../shared';
import type { SweepDraft } from './configDraft';

export interface FieldIssue {
  /** The form field's id: `train.lr`, `model.hidden[1]`, `search.params.train.lr`, `search.params.train.lr.min`. */
  field: string;
  /** For a list of values: which one is wrong. */
  index?: number;
  path: string;
  message: string;
}

const PARAMS = 'search.params.';
const SWEEP_KEYS = Object.keys(SWEEPABLE).sort((a, b) => b.length - a.length);

export function fieldOf(path: string): { field: string; index?: number } {
  if (path === '(config)') return { field: '' };
  if (!path.startsWith(PARAMS)) return { field: path };
  const rest = path.slice(PARAMS.length);
  const key = SWEEP_KEYS.find((k) => rest === k || rest.startsWith(`${k}[`) || rest.startsWith(`${k}.`));
  if (!key) return { field: path };
  const tail = rest.slice(key.length);
  // A plain list's item (`k[2]`) and a choice's (`k.values[2]`) are the same value to the editor.
  const index = /^(?:\.values)?\[(\d+)\]/.exec(tail);
  if (index) return { field: PARAMS + key, index: Number(index[1]) };
  return { field: PARAMS + key + tail };
}

/** Every field id the form shows for this draft: issues for anything else are listed apart. */
export function formFields(d: SweepDraft): Set<string> {
  const fields = [
    'name', 'description', 'dataset.name', 'dataset.path', 'dataset.label', 'dataset.seed', 'dataset.split',
    'dataset.split.train', 'dataset.split.val', 'dataset.split.test', 'dataset.toy', 'dataset.toy.samples', 'dataset.toy.noise', 'dataset.toy.classes', 'engine', 'backend', 'model.hidden',
    'model.activation', 'model.dropout',
    'train.optimizer', 'train.lr', 'train.batchSize', 'train.epochs', 'train.weightDecay', 'train.momentum', 'train.seed',
    'train.schedule.type', 'train.schedule.warmupEpochs', 'train.schedule.stepEpochs', 'train.schedule.gamma', 'train.schedule.minLr',
    'search.strategy', 'search.trials', 'search.seed', 'search.shuffle', 'search.metric', 'search.direction',
    'search.pruner', 'search.pruner.type', 'search.pruner.minEpochs', 'search.pruner.reductionFactor',
    'search.budget', 'search.budget.minutes', 'search.budget.epochs', 'concurrency', 'frames', 'frames.enabled', 'frames.count',
  ];
  d.hidden.forEach((_, i) => fields.push(`model.hidden[${i}]`));
  const tails = ['', '.min', '.max', '.count', '.scale', '.step', '.integer', '.values', '.when', '.when.param', '.when.op', '.when.value'];
  for (const p of d.search.params) for (const tail of tails) fields.push(PARAMS + p.key + tail);
  return new Set(fields);
}

export interface GroupedIssues {
  byField: Record<string, FieldIssue[]>;
  /** Issues no field shows (unknown keys, a whole-config problem): listed near Launch. */
  general: FieldIssue[];
}

export function groupIssues(issues: readonly ConfigIssue[], d: SweepDraft): GroupedIssues {
  const known = formFields(d);
  const out: GroupedIssues = { byField: {}, general: [] };
  const seen = new Set<string>();
  for (const issue of issues) {
    const id = `${issue.path}\n${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const fi: FieldIssue = { ...fieldOf(issue.path), path: issue.path, message: issue.message };
    if (known.has(fi.field)) (out.byField[fi.field] ??= []).push(fi);
    else out.general.push(fi);
  }
  return out;
}
