/** `sweeplab sweep <config>` and `sweeplab sweep --resume <sweep>`. */
import type { Command } from 'commander';
import { exportSweep } from '../export/sweepReport';
import { artifactsDir, resolveDbPath } from '../paths';
import { openStore } from '../store/store';
import { retryBusy, StorageFailure } from '../store/storeErrors';
import { loadLaunchConfig } from '../sweep/launchCheck';
import type { SweepConfig } from '../sweep/configSchema';
import { SweepScheduler } from '../sweep/scheduler';
import { createSweep, defaultConcurrency, prepareResume } from '../sweep/sweepService';
import { forkWorker } from '../sweep/workerLauncher';
import { EXIT, parseConcurrency, parseGridSize, UsageError } from './errors';
import { attachProgressView } from './progressView';
import { printRunsTable } from './runsCommand';

interface SweepOptions {
  db?: string;
  out?: string;
  concurrency?: string;
  set: string[];
  resume?: string;
  dataDir?: string;
  samples: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('run a hyperparameter sweep from a config file, or resume an unfinished one')
    .argument('[config]', 'sweep config file (.json, .yaml or .yml)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--out <dir>', 'also export runs.csv, runs.md, runs.tex and the plots into this folder')
    .option('--concurrency <n>', 'trials at once (default: the config\'s, else the number of CPU cores)')
    .option('--set <key=value>', 'override a config field, e.g. --set train.lr=0.01 (repeatable)', collect, [])
    .option('--resume <sweep>', 'resume a sweep by id or name: runs only its unfinished trials')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files (default: $SWEEPLAB_DATA, then the usual places)')
    .option('--samples <n>', 'with --out, image data sets: n of the n×n training-image grid in samples.png', '3')
    .addHelpText('after', '\nExamples:\n  sweeplab sweep resources/examples/seed-iris.json --out report/\n  sweeplab sweep seed.yaml --set train.epochs=5 --set "search.params.train.lr=[0.01,0.1]"\n  sweeplab sweep --resume seed-iris')
    .action(async (configPath: string | undefined, opts: SweepOptions) => {
      process.exitCode = await runSweepCommand(configPath, opts);
    });
}

async function runSweepCommand(configPath: string | undefined, opts: SweepOptions): Promise<number> {
  if (configPath && opts.resume) throw new UsageError('give a config file or --resume <sweep>, not both');
  if (!configPath && !opts.resume) throw new UsageError('missing the config file (or --resume <sweep>)');
  if (opts.resume && opts.set.length) throw new UsageError('--set cannot change a stored sweep; start a new sweep instead');
  const concurrencyFlag = opts.concurrency === undefined ? undefined : parseConcurrency(opts.concurrency);
  const samples = parseGridSize(opts.samples);
  // Everything about the input is checked before the database is opened: a bad config
  // leaves no trace (its data files and its memory need included: launchCheck.ts).
  const loaded = configPath ? loadLaunchConfig(configPath, opts.set, { concurrency: concurrencyFlag, dataDir: opts.dataDir }) : undefined;

  const dbPath = resolveDbPath(opts.db);
  const store = openStore(dbPath);
  try {
    const waiting = () => process.stderr.write('The database is locked by another process; waiting…\n');
    const recovered = await retryBusy(() => store.runs.recoverInterrupted(), { onWait: waiting });
    if (recovered) process.stderr.write(`${recovered} run(s) left running by a previous process are now marked interrupted.\n`);

    let sweepId: number;
    let config: SweepConfig;
    if (loaded) {
      const { sweep, trials } = await retryBusy(() => createSweep(store, loaded.config), { onWait: waiting });
      sweepId = sweep.id;
      config = loaded.config;
      process.stderr.write(`Sweep ${sweep.id} "${sweep.name}": ${trials} trial(s), database ${dbPath}\n`);
    } else {
      // Refused (SweepOwnedError) while another live process runs this sweep.
      const { sweep, queued } = await retryBusy(() => prepareResume(store, opts.resume!), { onWait: waiting });
      sweepId = sweep.id;
      config = sweep.config;
      process.stderr.write(`Resuming sweep ${sweep.id} "${sweep.name}": ${queued} trial(s) left\n`);
    }

    // The data folder: the flag, else the one chosen in the app's settings (same database).
    const dataDir = opts.dataDir ?? store.settings.get<string>('dataDir') ?? undefined;
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: artifactsDir(dbPath), dataDir });
    const detach = attachProgressView(scheduler, store, sweepId);
    const onSigint = () => {
      process.stderr.write('\nCancelling: stopping running trials… (the sweep can be resumed with --resume)\n');
      scheduler.cancelSweep(sweepId);
    };
    process.once('SIGINT', onSigint);
    let counts;
    try {
      counts = await scheduler.runSweep(sweepId, concurrencyFlag ?? defaultConcurrency(config));
    } catch (e) {
      if (e instanceof StorageFailure) throw new StorageFailure(`${e.message} (sweeplab sweep --resume ${sweepId})`, e.cause);
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
      detach();
    }

    printRunsTable(store, sweepId, 'table', false);
    if (opts.out) {
      const written = await exportSweep(store, sweepId, opts.out, { dataDir, samples });
      process.stderr.write(`Wrote ${written.map((f) => f.name).join(', ')} to ${opts.out}\n`);
    }
    if (counts.cancelled) return EXIT.runFailed;
    return counts.failed ? EXIT.runFailed : EXIT.ok;
  } finally {
    store.close();
  }
}
