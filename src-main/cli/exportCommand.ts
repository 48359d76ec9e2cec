/**
 * `sweeplab export <sweep> --out DIR`: the report files for a recorded sweep;
 * `--pack DIR` instead: the paper pack (export/paperPack.ts). Exactly one of the two.
 * `--animation --out DIR`: a GIF per run instead (cli/animationExport.ts), of a sweep or `run:ID`.
 */
import type { Command } from 'commander';
import { parseGridSize, UsageError } from './errors';
import { withSession } from './session';
import { filterRunIds } from './runFilter';
import { runAnimationExport } from './animationExport';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write runs.csv, runs.md, runs.tex and the plots of a sweep into a folder (--out), the paper pack (--pack), or with --animation a GIF per run replaying its training')
    .argument('<sweep>', 'sweep id or name (a name means its most recent sweep); with --animation also run:ID for one run')
    .option('--out <dir>', 'output folder for the report (created if missing)')
    .option('--pack <dir>', 'output folder for the paper pack: runs.csv, groups.csv, table.tex, figures as PNG and SVG, manifest.json, setup.md')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--samples <n>', 'image data sets: n of the n×n training-image grid in samples.png', '3')
    .option('--filter <query>', 'only runs meeting every term, as in the GUI\'s filter box: "val_acc>0.9 hidden=10"')
    .option('--animation', 'with --out: run-<id>.gif per run that recorded frames (decision boundary / weights replayed), of the sweep or of run:ID')
    .option('--frame <n>', 'with --animation: also run-<id>-frame-<n>.png, frame n counted from 0 (or "last")')
    .option('--lockstep', 'with --animation: one GIF of the runs (at most 4) side by side, stepping together; --out FILE.gif names it')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings')
    .action(async (ref: string, opts: { out?: string; pack?: string; db?: string; samples: string; dataDir?: string; filter?: string; animation?: boolean; frame?: string; lockstep?: boolean }, cmd: Command) => {
      if ((opts.out === undefined) === (opts.pack === undefined))
        throw new UsageError(opts.out === undefined ? 'give --out DIR (the report) or --pack DIR (the paper pack)' : '--out and --pack: give one of them; export twice for both');
      // A pack is the whole sweep at the assignment's grid size, so the tables and the statistics agree.
      if (opts.pack !== undefined && opts.filter !== undefined) throw new UsageError('--filter: only with --out; a paper pack covers every run of the sweep');
      if (opts.pack !== undefined && cmd.getOptionValueSource('samples') === 'cli') throw new UsageError('--samples: only with --out; a paper pack shows the 3×3 sample grid');
      if (opts.frame !== undefined && !opts.animation) throw new UsageError('--frame: only with --animation');
      if (opts.lockstep && !opts.animation) throw new UsageError('--lockstep: only with --animation');
      if (opts.animation) {
        if (opts.pack !== undefined) throw new UsageError('--animation: with --out DIR, not --pack');
        if (cmd.getOptionValueSource('samples') === 'cli') throw new UsageError('--samples: not with --animation');
        return withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'refuse' }, (s) => runAnimationExport(s, ref, { out: opts.out!, frame: opts.frame, filter: opts.filter, lockstep: opts.lockstep }));
      }
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
