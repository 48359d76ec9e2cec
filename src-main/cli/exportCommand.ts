/** `sweeplab export <sweep> --out DIR`: the report files for a recorded sweep. */
import type { Command } from 'commander';
import { exportSweep } from '../export/sweepReport';
import { openExistingStore } from './database';
import { parseGridSize } from './errors';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write runs.csv, runs.md, runs.tex and the plots of a sweep into a folder')
    .argument('<sweep>', 'sweep id or name (a name means its most recent sweep)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--samples <n>', 'image data sets: n of the n×n training-image grid in samples.png', '3')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files')
    .action(async (ref: string, opts: { out: string; db?: string; samples: string; dataDir?: string }) => {
      const samples = parseGridSize(opts.samples);
      const store = openExistingStore(opts.db);
      try {
        const sweep = store.sweeps.resolve(ref);
        if (!sweep) throw Object.assign(new Error(`no sweep with id or name "${ref}"`), { code: 'NOT_FOUND' });
        const dataDir = opts.dataDir ?? store.settings.get<string>('dataDir') ?? undefined;
        // Each path as its file is complete: when a later file fails (a full disk), the
        // list printed is exactly what is there.
        await exportSweep(store, sweep.id, opts.out, { dataDir, samples, onWritten: (f) => process.stdout.write(`${f.path}\n`) });
      } finally {
        store.close();
      }
    });
}
