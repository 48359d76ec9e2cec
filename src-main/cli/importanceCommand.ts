/** `sweeplab importance <sweep>`: which parameters mattered, through the same `importance` call as the GUI. */
import type { Command } from 'commander';
import type { ImportanceReport } from '../api/contract';
import { withSession } from './session';
import { terminalTable } from './table';

const percent = (x: number | null) => (x === null ? '' : `${(100 * x).toFixed(1)} %`);
const signed = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`);

/** The report as the terminal shows it. */
export function importanceText(r: ImportanceReport, sweepName: string): string {
  const head = `Sweep ${r.sweepId} "${sweepName}": ${r.objective.direction} ${r.objective.metric}, ${r.finished} finished trial(s)\n`;
  if (!r.importance) return `${head}Too few trials to say: importance needs at least ${r.minTrials} finished (completed or pruned) trials.\n`;
  const t = terminalTable(['parameter', 'importance', '± std', 'correlation']);
  for (const row of r.importance) t.push([row.key, percent(row.importance), percent(row.std), signed(row.correlation)]);
  return `${head}${t.toString()}\nimportance: the share of the objective's variance each parameter explains on its own (fANOVA main effect of a 32-tree random forest), ± its spread over the trees; correlation: Spearman's, over the trials where the parameter is active.\n`;
}

export function registerImportanceCommand(program: Command): void {
  program
    .command('importance')
    .description('how much each swept parameter mattered for the objective (fANOVA importance and Spearman correlation)')
    .argument('<sweep>', 'sweep id or name')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--json', 'print the whole report as JSON')
    .action(async (ref: string, opts: { db?: string; json?: boolean }) => {
      await withSession({ db: opts.db, missing: 'refuse' }, async (s) => {
        const sweep = await s.call('findSweep', { ref });
        const report = await s.call('importance', { sweepId: sweep.id });
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : importanceText(report, sweep.name));
      });
    });
}
