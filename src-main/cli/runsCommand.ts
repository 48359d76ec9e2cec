/** `sweeplab runs` and `sweeplab sweeps`: the recorded results, in the format asked for. */
import type { Command } from 'commander';
import { sweepTable, tableFile } from '../export/sweepReport';
import { formatCell, paramLabel } from '../export/table';
import type { Store } from '../store/store';
import { openExistingStore } from './database';
import { UsageError } from './errors';
import { formatDuration } from './progressView';
import { terminalTable } from './table';

const FORMATS = ['table', 'csv', 'md', 'latex', 'json'] as const;
type Format = (typeof FORMATS)[number];

export function printRunsTable(store: Store, sweepId: number, format: Format, all: boolean, out: NodeJS.WritableStream = process.stdout): void {
  const { table, runs, sweptKeys, best } = sweepTable(store, sweepId);
  switch (format) {
    case 'csv':
    case 'md':
    case 'latex': {
      // Exactly the bytes `export` writes to runs.csv / runs.md / runs.tex.
      const { text } = tableFile(store, sweepId, format, table);
      return void out.write(text.endsWith('\n') ? text : `${text}\n`);
    }
    case 'json': {
      const records = store.runs.list({ sweepId, includeSuperseded: all });
      return void out.write(`${JSON.stringify(records, null, 2)}\n`);
    }
    case 'table': {
      const t = terminalTable(table.columns.map((c) => c.header));
      table.rows.forEach((row, i) => t.push(row.map((cell, c) => formatCell(table.columns[c], cell) + (table.best[table.columns[c].key]?.includes(i) ? '*' : ''))));
      out.write(`${t.toString()}\n`);
      if (best) {
        const label = sweptKeys.length ? ` (${paramLabel(best.params, sweptKeys)})` : '';
        out.write(`Best on validation: run ${best.id}${label}: val acc ${best.metrics.val_acc?.toFixed(4)}, test acc ${best.metrics.test_acc?.toFixed(4)}   (* = best in column)\n`);
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
    .action((opts: { db?: string; sweep?: string; format: string; all?: boolean }) => {
      const format = parseFormat(opts.format);
      const store = openExistingStore(opts.db);
      try {
        const sweep = opts.sweep ? store.sweeps.resolve(opts.sweep) : store.sweeps.list()[0];
        if (!sweep) throw Object.assign(new Error(opts.sweep ? `no sweep with id or name "${opts.sweep}"` : 'no sweeps recorded yet'), { code: 'NOT_FOUND' });
        if (!opts.sweep) process.stderr.write(`Sweep ${sweep.id} "${sweep.name}" (the most recent; choose another with --sweep)\n`);
        printRunsTable(store, sweep.id, format, Boolean(opts.all));
      } finally {
        store.close();
      }
    });

  program
    .command('sweeps')
    .description('list the recorded sweeps')
    .option('--db <file>', 'SQLite database')
    .action((opts: { db?: string }) => {
      const store = openExistingStore(opts.db);
      try {
        const t = terminalTable(['id', 'name', 'status', 'runs', 'best val acc', 'started', 'took']);
        for (const s of store.sweeps.list()) {
          const done = s.counts.completed + s.counts.failed;
          const took = s.startedAt && s.finishedAt ? formatDuration(s.finishedAt - s.startedAt) : '';
          t.push([s.id, s.name, s.status, `${done}/${s.trials}`, s.bestValAcc?.toFixed(4) ?? '', s.startedAt ? new Date(s.startedAt).toLocaleString() : '', took]);
        }
        process.stdout.write(`${t.toString()}\n`);
      } finally {
        store.close();
      }
    });
}
