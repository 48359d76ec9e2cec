/**
 * The one place the GUI relies on how Chart.js (4.x) works inside rather than on its
 * documented API. Check each point here when upgrading Chart.js:
 *
 * 1. Chart.js keys a dataset's controller and point elements on the dataset *object*.
 *    Handing it the same object with new points re-uses them; a new object builds every
 *    element anew (slow for thousands of points). Yet it caches point options per
 *    controller, so a dataset whose style changed must be a new object to be seen.
 * 2. The decimation plugin (LTTB, enabled on every curve chart) replaces a dataset's
 *    `data` by an accessor: the real points move to `_data`, the drawn ones to
 *    `_decimated`, and assigning `data` goes through the setter into `_data`.
 * 3. Chart.js patches `push`/`splice`/… of the arrays it draws and re-syncs on every call
 *    (quadratic for a long history): curves.ts appends by index instead.
 */
import { datasetKey, type CurveDataset } from './chartConfig';

/** A dataset's look: everything but its points and what decimation (2.) adds. */
export function styleOf(ds: CurveDataset): string {
  return JSON.stringify(Object.entries(ds).filter(([k]) => k !== 'data' && k !== '_data' && k !== '_decimated'));
}

/**
 * The datasets handed to one chart, kept across rebuilds: a dataset that draws the same
 * line in the same style as before keeps its object with the new points bound (1.).
 */
export class DatasetReuse {
  private shown = new Map<string, CurveDataset>();

  /** The datasets to bind: `fresh`, with the objects already drawn substituted where their style is unchanged. */
  reconcile(fresh: readonly CurveDataset[]): CurveDataset[] {
    const next = new Map<string, CurveDataset>();
    const out = fresh.map((ds) => {
      const key = datasetKey(ds);
      const old = this.shown.get(key);
      const keep = old !== undefined && styleOf(old) === styleOf(ds);
      // Through decimation's setter when it holds the dataset (2.).
      if (keep) old.data = ds.data;
      next.set(key, keep ? old : ds);
      return keep ? old : ds;
    });
    this.shown = next;
    return out;
  }
}
