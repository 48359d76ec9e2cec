/**
 * Which colour a run's curve gets: by rank on the objective among the runs drawn
 * together — the runs chosen on validation first, best first (rankOnValidation, the
 * order of "Best 5" and the ★), then the others by id — through colorSlots (categorical
 * up to ten runs, a sequential scale past that). One rule for the sweep view (the runs
 * it charts), the compare view (the runs compared) and a report: the same runs get the
 * same colours everywhere. Pure: the renderer imports it too.
 */
import { colorSlots } from '../export/chartSpecs';
import { rankOnValidation, type ValidationCandidate } from './validationChoice';

export function rankColorSlots(runs: readonly ValidationCandidate[]): Map<number, number> {
  const ranked = rankOnValidation(runs);
  const inRank = new Set(ranked.map((r) => r.id));
  const rest = runs.filter((r) => !inRank.has(r.id)).sort((a, b) => a.id - b.id);
  return colorSlots([...ranked, ...rest].map((r) => r.id));
}
