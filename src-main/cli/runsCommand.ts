/** `sweeplab runs` and `sweeplab sweeps`: the recorded results, in the format asked for. */
import type { Command } from 'commander';
import { UsageError } from './errors';
import { formatDurationMs } from '../shared/format';
import { withSession, type CliSession } from './session';
import { terminalTable } from './table';
import { filterRunIds } from './runFilter';
import { groupRuns } from '../analysis/groups';
import type { GroupBy } from '../analysis/groupTypes';
import { objectiveOf } from '../sweep/configSchema';
import { groupCsv, groupJson, groupLatex, groupMarkdown, groupTextTable } from '../export/groupTable';

const FORMATS = ['table', 'csv', 'md', 'latex', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `filter`: the runs table's query (`val_acc>0.9 hidden=10`); only the runs meeting it are printed. */
export async function printRunsTable(session: CliSession, sweepId: number, format: Format, all: boolean, out: NodeJS.WritableStream = process.stdout, filter?: string): Promise<void> {
  const runIds = filter?.trim() ? await filterRunIds(session, sweepId, filter) : undefined;
  const keep = (id: number) => !runIds || runIds.includes(id);
  switch (format) {
    case 'csv':
    case 'md':
    case 'latex': {
      // Exactly the bytes `export` writes to runs.csv / runs.md / runs.tex.
      const { text } = await session.call('exportTable', { sweepId, format, ...(runIds ? { runIds } : {}) });
      return void out.write(text.endsWith('\n') ? text : `${text}\n`);
    }
    case 'json': {
      const records = await session.call('listRuns', { sweepId, includeSuperseded: all });
      return void out.write(`${JSON.stringify(records.filter((r) => keep(r.id)), null, 2)}\n`);
    }
    case 'table': {
      const { table, text, best, runs } = await session.call('runTable', { sweepId });
      const t = terminalTable(table.columns.map((c) => c.header));
      text.forEach((row, i) => keep(runs[i].id) && t.push(row.map((cell, c) => cell + (table.best[table.columns[c].key]?.includes(i) ? '*' : ''))));
      out.write(`${t.toString()}\n`);
      if (runIds) out.write(`${runIds.length} of ${runs.length} ${runs.length === 1 ? 'run' : 'runs'} match the filter.\n`);
      if (best) {
        const label = best.params ? ` (${best.params})` : '';
        out.write(`Best on validation: run ${best.id}${label}: val acc ${best.valAcc?.toFixed(4)}, test acc ${best.testAcc?.toFixed(4)}   (* = best in column)\n`);
      } else if (runs.length) out.write('No completed run yet.\n');
      return;
    }
  }
}

/**
 * `--group-by config|<swept key>`: one row per group with n, mean, std and 95 % interval per
 * metric and the verdict against the best (analysis/groups.ts holds the rules). `filter`
 * narrows the runs before they are grouped.
 */
export async function printGroupTable(session: CliSession, sweepId: number, format: Format, groupBy: string, out: NodeJS.WritableStream = process.stdout, filter?: string): Promise<void> {
  const { sweep, sweptKeys } = await session.call('getSweep', { id: sweepId });
  if (groupBy !== 'config' && !sweptKeys.includes(groupBy)) {
    throw new UsageError(`--group-by: expected config or a swept parameter of sweep ${sweepId} (${sweptKeys.join(', ') || 'none swept'}), got "${groupBy}"`);
  }
  const by: GroupBy = groupBy === 'config' ? { kind: 'config' } : { kind: 'param', key: groupBy };
  const runIds = filter?.trim() ? await filterRunIds(session, sweepId, filter) : undefined;
  const runs = (await session.call('listRuns', { sweepId })).filter((r) => !runIds || runIds.includes(r.id));
  const report = groupRuns(runs, { sweptKeys, by, objective: objectiveOf(sweep.config.search) });
  switch (format) {
    case 'csv':
      return void out.write(groupCsv(report));
    case 'json':
      return void out.write(groupJson(report));
    case 'md':
      return void out.write(groupMarkdown(report));
    case 'latex':
      return void out.write(groupLatex(report));
    case 'table': {
      const { header, rows } = groupTextTable(report);
      const t = terminalTable(header);
      rows.forEach((row) => t.push(row));
      out.write(`${t.toString()}\n`);
      out.write(`Welch's two-sided t-test against the best group on ${report.objective.metric} (α = ${report.alpha}); fewer than ${report.minReplicates} runs: not tested.\n`);
      return;
    }
  }
}

function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${value}"`);
  return value as Format;
}

export function registerRunsCommand(program: Command): void {
  program
    .command('runs')
    .description('print the runs of a sweep (default: the most recent sweep)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--sweep <sweep>', 'sweep id or name')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('--all', 'json only: include earlier attempts of resumed trials')
    .option('--filter <query>', 'only runs meeting every term, as in the GUI\'s filter box: "val_acc>0.9 hidden=10 status=completed tag=keep starred"')
    .option('--group-by <key>', 'one row per group: "config" (replicates over seeds) or a swept parameter such as train.lr, with n, mean, std and 95% CI per metric')
    .action(async (opts: { db?: string; sweep?: string; format: string; all?: boolean; filter?: string; groupBy?: string }) => {
      const format = parseFormat(opts.format);
      if (opts.groupBy !== undefined && opts.all) throw new UsageError('--all and --group-by cannot be combined: groups count only the latest attempt of each trial');
      await withSession({ db: opts.db, missing: 'refuse' }, async (s) => {
        const sweep = opts.sweep ? await s.call('findSweep', { ref: opts.sweep }) : (await s.call('listSweeps', undefined))[0];
        if (!sweep) throw Object.assign(new Error('no sweeps recorded yet'), { code: 'NOT_FOUND' });
        if (!opts.sweep) process.stderr.write(`Sweep ${sweep.id} "${sweep.name}" (the most recent; choose another with --sweep)\n`);
        if (opts.groupBy !== undefined) await printGroupTable(s, sweep.id, format, opts.groupBy, process.stdout, opts.filter);
        else await printRunsTable(s, sweep.id, format, Boolean(opts.all), process.stdout, opts.filter);
      });
    });

  program
    .command('sweeps')
    .description('list the recorded sweeps')
    .option('--db <file>', 'SQLite database')
    .action(async (opts: { db?: string }) => {
      await withSession({ db: opts.db, missing: 'refuse' }, async (s) => {
        const t = terminalTable(['id', 'name', 'status', 'runs', 'best val acc', 'started', 'took']);
        for (const sw of await s.call('listSweeps', undefined)) {
          // A pruned run ended (early, by the tuner's choice): it counts as done.
          const done = sw.counts.completed + sw.counts.pruned + sw.counts.failed;
          const took = sw.startedAt && sw.finishedAt ? formatDurationMs(sw.finishedAt - sw.startedAt) : '';
          t.push([sw.id, sw.name, sw.status, `${done}/${sw.trials}`, sw.bestValAcc?.toFixed(4) ?? '', sw.startedAt ? new Date(sw.startedAt).toLocaleString() : '', took]);
        }
        process.stdout.write(`${t.toString()}\n`);
      });
    });
}
