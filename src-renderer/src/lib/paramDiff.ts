/**
 * What differs between runs' settings: each trial config flattened to dotted keys
 * (`train.lr`), one row per key with every run's value, rows where the values disagree
 * (or a run lacks the key) apart from those where all agree. Pure.
 */
import { dottedEntries } from './dottedKeys';
import { formatParamValue } from '../shared';

export interface DiffRow {
  key: string;
  /** One text per run, in the order given; '—' where the run has no such setting. */
  texts: string[];
  differs: boolean;
}

export interface ParamDiff {
  /** Keys whose values differ, in config order. */
  differing: DiffRow[];
  /** Keys every run has with the same value. */
  same: DiffRow[];
}

/** Keys that name or describe the sweep rather than configure training. */
const IGNORED = new Set(['name', 'description']);

export function diffConfigs(configs: readonly unknown[]): ParamDiff {
  const maps = configs.map((c) => new Map(dottedEntries(c)));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const m of maps)
    for (const k of m.keys())
      if (!seen.has(k) && !IGNORED.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  const diff: ParamDiff = { differing: [], same: [] };
  for (const key of keys) {
    // JSON compares arrays ([64, 32]) by value; a missing key differs from any value.
    const ids = maps.map((m) => (m.has(key) ? JSON.stringify(m.get(key)) : undefined));
    const differs = ids.some((id) => id !== ids[0]);
    const row = { key, texts: maps.map((m) => (m.has(key) ? formatParamValue(m.get(key)) : '—')), differs };
    (differs ? diff.differing : diff.same).push(row);
  }
  return diff;
}
