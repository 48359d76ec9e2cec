/**
 * `sweeplab export <sweep> --out DIR`: the report files for a recorded sweep;
 * `--pack DIR` instead: the paper pack (export/paperPack.ts). Exactly one of the two.
 */
import type { Command } from 'commander';
import { parseGridSize, UsageError } from './errors';
import { withSession } from './session';
import { filterRunIds } from './runFilter';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write runs.csv, runs.md, runs.tex and the plots of a sweep into a folder (--out), or the paper pack (--pack)')
    .argument('<sweep>', 'sweep id or name (a name means its most recent sweep)')
    .option('--out <dir>', 'output folder for the report (created if missing)')
    .option('--pack <dir>', 'output folder for the paper pack: runs.csv, groups.csv, table.tex, figures as PNG and SVG, manifest.json, setup.md')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--samples <n>', 'image data sets: n of the n×n training-image grid in samples.png', '3')
    .option('--filter <query>', 'only runs meeting every term, as in the GUI\'s filter box: "val_acc>0.9 hidden=10"')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings')
    .action(async (ref: string, opts: { out?: string; pack?: string; db?: string; samples: string; dataDir?: string; filter?: string }, cmd: Command) => {
      if ((opts.out === undefined) === (opts.pack === undefined))
        throw new UsageError(opts.out === undefined ? 'give --out DIR (the report) or --pack DIR (the paper pack)' : '--out and --pack: give one of them; export twice for both');
      // A pack is the whole sweep at the assignment's grid size, so the tables and the statistics agree.
      if (opts.pack !== undefined && opts.filter !== undefined) throw new UsageError('--filter: only with --out; a paper pack covers every run of the sweep');
      if (opts.pack !== undefined && cmd.getOptionValueSource('samples') === 'cli') throw new UsageError('--samples: only with --out; a paper pack shows the 3×3 sample grid');
      const samples = parseGridSize(opts.samples);
      await withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'refuse' }, async (s) => {
        const sweep = await s.call('findSweep', { ref });
        const runIds = opts.filter?.trim() ? await filterRunIds(s, sweep.id, opts.filter) : undefined;
        // Each path as its file is complete: when a later file fails (a full disk), the
        // list printed is exactly what is there.
        const off = s.onEvent((m) => m.event === 'report-file-written' && m.data.sweepId === sweep.id && process.stdout.write(`${m.data.path}\n`));
        try {
          if (opts.pack !== undefined) await s.call('exportPack', { sweepId: sweep.id, dir: opts.pack });
          else await s.call('exportReport', { sweepId: sweep.id, dir: opts.out!, samples, ...(runIds ? { runIds } : {}) });
        } finally {
          off();
        }
      });
    });
}
