/**
 * A sweep page's grouping: the "Group by" choice (kept per sweep in the view store), the
 * group report over the sweep's current runs (groups.ts, recomputed on every reload of
 * the detail), and what the Confirm dialog needs (how many configurations have finished,
 * how long a run takes). Null report: not grouped.
 */
import { computed, type Ref } from 'vue';
import { groupByOf, groupByOptions, groupByValue, meanRunMs, validGroupBy } from '../lib/groupView';
import { groupRuns, objectiveOf, type SweepDetail } from '../shared';
import { useSweepViewStore } from '../stores/sweepView';

export function useSweepGroups(detail: Ref<SweepDetail | null>, sweepId: () => number) {
  const store = useSweepViewStore();
  const sweptKeys = computed(() => detail.value?.sweptKeys ?? []);
  const by = computed(() => validGroupBy(store.stateOf(sweepId()).groupBy, sweptKeys.value));
  /** The select's string value, read and written. */
  const value = computed({
    get: () => groupByValue(by.value),
    set: (v: string) => (store.stateOf(sweepId()).groupBy = groupByOf(v)),
  });
  const options = computed(() => groupByOptions(sweptKeys.value));
  const objective = computed(() => (detail.value ? objectiveOf(detail.value.sweep.config.search) : null));
  const report = computed(() => (detail.value && by.value && objective.value ? groupRuns(detail.value.runs, { sweptKeys: sweptKeys.value, by: by.value, objective: objective.value }) : null));
  /** Distinct configurations with a completed run: the most the Confirm dialog can re-run. */
  const configurations = computed(() => {
    if (!detail.value || !objective.value) return 0;
    const completed = detail.value.runs.filter((r) => r.status === 'completed');
    return groupRuns(completed, { sweptKeys: sweptKeys.value, by: { kind: 'config' }, objective: objective.value, metrics: [] }).groups.length;
  });
  const meanMs = computed(() => meanRunMs(detail.value?.runs ?? []));
  /** Why Confirm top… cannot start now (the button's tooltip), or null when it can. */
  const confirmBlocked = computed(() => {
    if (detail.value?.active) return 'The sweep is running: confirm its best configurations once it has finished';
    return detail.value?.runs.some((r) => r.status === 'completed') ? null : 'No run has completed yet: nothing to confirm';
  });
  return { value, options, report, configurations, meanMs, confirmBlocked };
}
