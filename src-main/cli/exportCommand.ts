/** `sweeplab export <sweep> --out DIR`: the report files for a recorded sweep. */
import type { Command } from 'commander';
import { exportSweep } from '../export/sweepReport';
import { resolveDbPath } from '../paths';
import { openStore } from '../store/store';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write runs.csv, runs.md, runs.tex and the plots of a sweep into a folder')
    .argument('<sweep>', 'sweep id or name (a name means its most recent sweep)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .action(async (ref: string, opts: { out: string; db?: string }) => {
      const store = openStore(resolveDbPath(opts.db));
      try {
        const sweep = store.sweeps.resolve(ref);
        if (!sweep) throw Object.assign(new Error(`no sweep with id or name "${ref}"`), { code: 'NOT_FOUND' });
        const written = await exportSweep(store, sweep.id, opts.out);
        for (const f of written) process.stdout.write(`${f.path}\n`);
      } finally {
        store.close();
      }
    });
}
