/**
 * What a person has set up on a sweep's page, kept per sweep while the app runs: the
 * table's query, status filter, sort, page and hidden columns, the runs ticked for the
 * charts, the brushes drawn on the analysis views, and the run under the pointer (so a
 * table row and its curve light up together). Leaving a sweep and coming back finds it
 * as it was left.
 *
 * The sweep view, the runs table, the curve charts and the analysis views all read and
 * write the same state through `stateOf(sweepId)`; none of them keeps its own copy.
 */
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import type { GroupBy, RunStatus } from '../shared';
import type { Brushes } from '../lib/brush';
import type { SortState } from '../lib/runTable';

export interface SweepViewState {
  /** The table's query text (`hidden=10 val_acc>0.9 failed`). */
  query: string;
  status: RunStatus | 'all';
  sort: SortState;
  page: number;
  /** Column keys the person hid with the column chooser. */
  hiddenColumns: string[];
  /** Runs ticked for the charts; null until the person ticks one (the default choice applies). */
  selected: number[] | null;
  /** Ranges or values drawn on the analysis views' axes, by table key. */
  brushes: Brushes;
  /** The run under the pointer, in the table or on a chart; null when none. */
  hovered: number | null;
  /** Runs grouped (by configuration or one swept key) in the table and the epoch charts; null: one row per run. */
  groupBy: GroupBy | null;
}

export function initialViewState(): SweepViewState {
  return { query: '', status: 'all', sort: { key: 'run', dir: 'asc' }, page: 0, hiddenColumns: [], selected: null, brushes: {}, hovered: null, groupBy: null };
}

export const useSweepViewStore = defineStore('sweepView', () => {
  const states = reactive(new Map<number, SweepViewState>());

  /** The sweep's state, created on first use; the same reactive object every time after. */
  function stateOf(sweepId: number): SweepViewState {
    let s = states.get(sweepId);
    if (!s) {
      states.set(sweepId, initialViewState());
      s = states.get(sweepId)!;
    }
    return s;
  }

  /** Forgets a deleted sweep's state. */
  function forget(sweepId: number): void {
    states.delete(sweepId);
  }

  return { stateOf, forget };
});
