/**
 * A field's issues wherever grouping put them. issuePaths.ts files an issue under its
 * field when the form lists that field, else with the general ones shown near Launch;
 * the tuner's fields (`search.pruner.minEpochs`, `search.budget`, a parameter's `step`,
 * `values[i]` or `when`) are looked up in both, so each shows on its own input.
 */
import type { FieldIssue, GroupedIssues } from './issuePaths';

/** The issues of one field id (`search.pruner.minEpochs`), or undefined when it has none. */
export function issuesOf(grouped: GroupedIssues, field: string): FieldIssue[] | undefined {
  const found = [...(grouped.byField[field] ?? []), ...grouped.general.filter((i) => i.field === field)];
  return found.length ? found : undefined;
}

/** The issues of every field id starting with `prefix` (a condition's `.when`, `.when.param`, …). */
export function issuesUnder(grouped: GroupedIssues, prefix: string): FieldIssue[] {
  return [...Object.values(grouped.byField).flat(), ...grouped.general].filter((i) => i.field === prefix || i.field.startsWith(`${prefix}.`));
}

/**
 * A list's bad values by index: `search.params.k[2]` (a plain list, indexed by
 * issuePaths.ts) and `search.params.k.values[2]` (a choice).
 */
export function valueIssues(grouped: GroupedIssues, base: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const i of grouped.byField[base] ?? []) if (i.index !== undefined) out.set(i.index, i.message);
  const prefix = `${base}.values[`;
  for (const i of [...Object.values(grouped.byField).flat(), ...grouped.general]) {
    if (!i.field.startsWith(prefix)) continue;
    const index = Number(i.field.slice(prefix.length, i.field.indexOf(']', prefix.length)));
    if (Number.isInteger(index)) out.set(index, i.message);
  }
  return out;
}
