/** `sweeplab sweep <config>` and `sweeplab sweep --resume <sweep>`, through the API like every other door. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { ApiEvents, EventMessage } from '../api/contract';
import { parseQueueUrl, QUEUE_ENV, queueFromEnv } from '../cluster/queueUrl';
import { resolveDbPath } from '../paths';
import { ConfigError } from '../sweep/configFile';
import { loadLaunchConfig } from '../sweep/launchCheck';
import { ADAPTIVE_STRATEGIES } from '../sweep/configSchema';
import { EXIT, parseConcurrency, parseGridSize, UsageError } from './errors';
import { progressView } from './progressView';
import { printRunsTable } from './runsCommand';
import { withSession, type CliSession } from './session';

interface SweepOptions {
  db?: string;
  out?: string;
  concurrency?: string;
  set: string[];
  resume?: string;
  dataDir?: string;
  samples: string;
  queue?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('run a hyperparameter sweep from a config file, or resume an unfinished one')
    .argument('[config]', 'sweep config file (.json, .yaml or .yml)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--out <dir>', 'also export runs.csv, runs.md, runs.tex and the plots into this folder')
    .option('--concurrency <n>', 'trials at once (default: the config\'s, else the app\'s settings, else the number of CPU cores)')
    .option('--set <key=value>', 'override a config field, e.g. --set train.lr=0.01 (repeatable)', collect, [])
    .option('--resume <sweep>', 'resume a sweep by id or name: runs only its unfinished trials')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings (default: that one, then $SWEEPLAB_DATA, then the usual places)')
    .option('--samples <n>', 'with --out, image data sets: n of the n×n training-image grid in samples.png', '3')
    .option('--queue <url>', `run the trials on the workers of a Redis queue, redis://[user:password@]host:port or rediss://… (default: $${QUEUE_ENV}, else on this machine)`)
    .addHelpText('after', '\nExamples:\n  sweeplab sweep resources/examples/seed-iris.json --out report/\n  sweeplab sweep seed.yaml --set train.epochs=5 --set "search.params.train.lr=[0.01,0.1]"\n  sweeplab sweep --resume seed-iris')
    .action(async (configPath: string | undefined, opts: SweepOptions) => {
      process.exitCode = await runSweepCommand(configPath, opts);
    });
}

type SweepFinished = ApiEvents['sweep-finished'];

/**
 * Follows one sweep through the API's events, from before it exists (events that arrive
 * before its id is known are kept) to its `sweep-finished`.
 */
export class SweepFollower {
  private readonly early: EventMessage[] = [];
  private deliver: (m: EventMessage) => void = (m) => void this.early.push(m);
  private readonly off: () => void;
  /** Runs of this sweep that failed or were cancelled while this process ran it. */
  notCompleted = 0;

  constructor(session: CliSession) {
    this.off = session.onEvent((m) => this.deliver(m));
  }

  /** Resolves with the sweep's `sweep-finished`; every event of it goes to `show` first. */
  follow(sweepId: number, show: (m: EventMessage) => void): Promise<SweepFinished> {
    return new Promise((resolve) => {
      this.deliver = (m) => {
        show(m);
        if (m.event === 'run-finished' && m.data.sweepId === sweepId && (m.data.status === 'failed' || m.data.status === 'cancelled')) this.notCompleted++;
        if (m.event === 'sweep-finished' && m.data.sweepId === sweepId) resolve(m.data);
      };
      for (const m of this.early.splice(0)) this.deliver(m);
    });
  }

  stop(): void {
    this.off();
  }
}

async function runSweepCommand(configPath: string | undefined, opts: SweepOptions): Promise<number> {
  if (configPath && opts.resume) throw new UsageError('give a config file or --resume <sweep>, not both');
  if (!configPath && !opts.resume) throw new UsageError('missing the config file (or --resume <sweep>)');
  if (opts.resume && opts.set.length) throw new UsageError('--set cannot change a stored sweep; start a new sweep instead');
  const concurrency = opts.concurrency === undefined ? undefined : parseConcurrency(opts.concurrency);
  const samples = parseGridSize(opts.samples);
  // The services choose the executor from SWEEPLAB_QUEUE (cluster/executorChoice.ts), so
  // `--queue` is that variable for this process: one switch, whichever door starts a sweep.
  // Checked before the database is opened, like everything else about the input.
  const queue = opts.queue !== undefined ? parseQueueUrl(opts.queue) : queueFromEnv();
  // Everything about the input is checked before the database is opened: a bad config
  // leaves no trace (its data files and its memory need included: launchCheck.ts; on a
  // queue, what the workers must have is judged by the API's createSweep).
  const loaded = configPath ? loadChecked(configPath, opts, concurrency, queue !== null) : undefined;
  if (queue) {
    process.env[QUEUE_ENV] = queue.href;
    process.stderr.write(`Trials go to the workers of ${queue.redacted}\n`);
  }
  return withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'create' }, async (session) => {
    const follower = new SweepFollower(session);
    try {
      let sweepId: number;
      let queued: number;
      if (loaded) {
        // The config as loadLaunchConfig validated it; the API checks it again with the
        // settings of this database (the same checks: the form says what the CLI says).
        const created = await session.call('createSweep', { config: loaded.config, concurrency });
        sweepId = created.sweepId;
        queued = created.trials;
        const { strategy, budget } = loaded.config.search;
        const planned = ADAPTIVE_STRATEGIES.includes(strategy)
          ? `${strategy} search, up to ${created.trials} trial(s)${budget ? ` or ${budgetText(budget)}` : ''}, proposed as it runs`
          : `${created.trials} trial(s)`;
        process.stderr.write(`Sweep ${sweepId} "${loaded.config.name}": ${planned}, database ${session.dbPath}\n`);
      } else {
        const sweep = await session.call('findSweep', { ref: opts.resume! });
        // Refused (CONFLICT, exit 1) while another live process runs this sweep.
        ({ queued } = await session.call('resumeSweep', { id: sweep.id, concurrency }));
        sweepId = sweep.id;
        process.stderr.write(`Resuming sweep ${sweep.id} "${sweep.name}": ${queued} trial(s) left\n`);
      }
      // Nothing left to resume: nothing was started, so no sweep-finished will come.
      const ok = queued === 0 || (await followToTheEnd(session, follower, sweepId));
      await printRunsTable(session, sweepId, 'table', false);
      if (opts.out) {
        const { files } = await session.call('exportReport', { sweepId, dir: opts.out, samples });
        process.stderr.write(`Wrote ${files.map((f) => f.name).join(', ')} to ${opts.out}\n`);
      }
      return ok ? EXIT.ok : EXIT.runFailed;
    } finally {
      follower.stop();
    }
  });
}

/**
 * The config, checked before the database is opened. Without `--queue` or SWEEPLAB_QUEUE
 * the trials may still go to a queue: the one a database already holds in its settings,
 * which cannot be read before it is opened. So this machine's own refusals (its backends,
 * its memory) are then left to the API's createSweep, which knows the setting: it judges
 * the workers if there is one, and refuses exactly as here if not. A database that does not
 * exist yet holds no setting: refused here, leaving no trace.
 */
function loadChecked(file: string, opts: SweepOptions, concurrency: number | undefined, onQueue: boolean) {
  const loaded = loadLaunchConfig(file, opts.set, { concurrency, dataDir: opts.dataDir });
  // What this machine reads itself (the config, a CSV file) is refused here whatever runs the trials.
  loaded.check(true);
  if (!onQueue) {
    try {
      loaded.check(false);
    } catch (e) {
      if (!(e instanceof ConfigError) || !existsSync(resolveDbPath(opts.db))) throw e;
    }
  }
  return loaded;
}

/** Draws the sweep until it ends; true when it ran to the end with no failed or cancelled run. */
export async function followToTheEnd(session: CliSession, follower: SweepFollower, sweepId: number): Promise<boolean> {
  const view = progressView(session, await session.call('runTable', { sweepId }));
  const onSigint = () => {
    process.stderr.write(`\nCancelling: stopping running trials… (the sweep can be resumed: sweeplab sweep --resume ${sweepId})\n`);
    void session.call('cancelSweep', { id: sweepId }).catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  let end: SweepFinished;
  try {
    end = await follower.follow(sweepId, (m) => view.show(m));
  } finally {
    process.off('SIGINT', onSigint);
    await view.finish();
  }

  // Stopped early (a full disk, another process took it over, a worker that cannot start):
  // what happened and how to go on, exit 1. Not by the stored status: a full disk may
  // not even have let the sweep be marked interrupted.
  if (end.message) throw Object.assign(new Error(`${end.message} (sweeplab sweep --resume ${sweepId})`), { code: 'STOPPED' });
  // A spent budget is a normal end: said, not an error.
  if (end.note) process.stderr.write(`${end.note[0].toUpperCase()}${end.note.slice(1)}\n`);
  return end.status !== 'cancelled' && follower.notCompleted === 0;
}

/** `10 minutes and 300 epochs of training`: a budget as the launch message says it. */
function budgetText(b: { minutes?: number; epochs?: number }): string {
  const parts = [b.minutes !== undefined ? `${b.minutes} minute${b.minutes === 1 ? '' : 's'}` : null, b.epochs !== undefined ? `${b.epochs} epochs` : null];
  return `${parts.filter(Boolean).join(' and ')} of training`;
}
