/** `sweeplab runs` and `sweeplab sweeps`: the recorded results, in the format asked for. */
import type { Command } from 'commander';
import { UsageError } from './errors';
import { formatDurationMs } from '../shared/format';
import { withSession, type CliSession } from './session';
import { terminalTable } from './table';
import { filterRunIds } from './runFilter';

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
    .action(async (opts: { db?: string; sweep?: string; format: string; all?: boolean; filter?: string }) => {
      const format = parseFormat(opts.format);
      await withSession({ db: opts.db, missing: 'refuse' }, async (s) => {
        const sweep = opts.sweep ? await s.call('findSweep', { ref: opts.sweep }) : (await s.call('listSweeps', undefined))[0];
        if (!sweep) throw Object.assign(new Error('no sweeps recorded yet'), { code: 'NOT_FOUND' });
        if (!opts.sweep) process.stderr.write(`Sweep ${sweep.id} "${sweep.name}" (the most recent; choose another with --sweep)\n`);
        await printRunsTable(s, sweep.id, format, Boolean(opts.all), process.stdout, opts.filter);
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
