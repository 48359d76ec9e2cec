/** `sweeplab export <sweep> --out DIR`: the report files for a recorded sweep. */
import type { Command } from 'commander';
import { parseGridSize } from './errors';
import { withSession } from './session';
import { filterRunIds } from './runFilter';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write runs.csv, runs.md, runs.tex and the plots of a sweep into a folder')
    .argument('<sweep>', 'sweep id or name (a name means its most recent sweep)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--samples <n>', 'image data sets: n of the n×n training-image grid in samples.png', '3')
    .option('--filter <query>', 'only runs meeting every term, as in the GUI\'s filter box: "val_acc>0.9 hidden=10"')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings')
    .action(async (ref: string, opts: { out: string; db?: string; samples: string; dataDir?: string; filter?: string }) => {
      const samples = parseGridSize(opts.samples);
      await withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'refuse' }, async (s) => {
        const sweep = await s.call('findSweep', { ref });
        const runIds = opts.filter?.trim() ? await filterRunIds(s, sweep.id, opts.filter) : undefined;
        // Each path as its file is complete: when a later file fails (a full disk), the
        // list printed is exactly what is there.
        const off = s.onEvent((m) => m.event === 'report-file-written' && m.data.sweepId === sweep.id && process.stdout.write(`${m.data.path}\n`));
        try {
          await s.call('exportReport', { sweepId: sweep.id, dir: opts.out, samples, ...(runIds ? { runIds } : {}) });
        } finally {
          off();
        }
      });
    });
}
