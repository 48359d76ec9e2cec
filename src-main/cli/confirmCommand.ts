/**
 * `sweeplab confirm <sweep> --top K --seeds N`: trains the sweep's K best configurations
 * (chosen on validation) again with N fresh seeds each, as replicates in the same sweep,
 * through the same `confirmSweep` call as the GUI's button, and follows them to the end
 * with the live view of `sweeplab sweep --resume`.
 */
import type { Command } from 'commander';
import { schemas } from '../api/schemas';
import { EXIT, parseConcurrency, parsePositiveInt, UsageError } from './errors';
import { withSession } from './session';
import { followToTheEnd, SweepFollower } from './sweepCommand';

interface ConfirmOptions {
  top: string;
  seeds: string;
  concurrency?: string;
  db?: string;
  dataDir?: string;
}

/** The bounds of `top` and `seeds`, read from the API's schema: one rule for every door. */
const BOUNDS = {
  top: { flag: '--top', min: schemas.confirmSweep.shape.top.minValue ?? 1, max: schemas.confirmSweep.shape.top.maxValue ?? Infinity },
  seeds: { flag: '--seeds', min: schemas.confirmSweep.shape.seeds.minValue ?? 1, max: schemas.confirmSweep.shape.seeds.maxValue ?? Infinity },
};

/** `--top` / `--seeds`: a whole number within the API's bounds, refused before anything is opened. */
export function parseBounded(value: string, which: keyof typeof BOUNDS): number {
  const { flag, min, max } = BOUNDS[which];
  const n = parsePositiveInt(value, flag);
  if (n < min || n > max) throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${n}${which === 'seeds' && n < min ? ' (one seed says nothing about the spread)' : ''}`);
  return n;
}

export function registerConfirmCommand(program: Command): void {
  program
    .command('confirm')
    .description('re-run the best configurations of a finished sweep (chosen on validation) with fresh seeds, as replicates in the same sweep')
    .argument('<sweep>', 'sweep id or name')
    .option('--top <k>', `how many configurations, best first on validation (${BOUNDS.top.min}–${BOUNDS.top.max})`, '3')
    .option('--seeds <n>', `fresh training seeds per configuration (${BOUNDS.seeds.min}–${BOUNDS.seeds.max})`, '5')
    .option('--concurrency <n>', 'trials at once (default: the config\'s, else the app\'s settings, else the number of CPU cores)')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings')
    .addHelpText('after', '\nExamples:\n  sweeplab confirm seed-iris --top 3 --seeds 5\n  sweeplab runs --sweep seed-iris --group-by config')
    .action(async (ref: string, opts: ConfirmOptions) => {
      process.exitCode = await runConfirmCommand(ref, opts);
    });
}

async function runConfirmCommand(ref: string, opts: ConfirmOptions): Promise<number> {
  const top = parseBounded(opts.top, 'top');
  const seeds = parseBounded(opts.seeds, 'seeds');
  const concurrency = opts.concurrency === undefined ? undefined : parseConcurrency(opts.concurrency);

  return withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'refuse' }, async (session) => {
    const follower = new SweepFollower(session);
    try {
      const sweep = await session.call('findSweep', { ref });
      const before = new Set((await session.call('listRuns', { sweepId: sweep.id, includeSuperseded: true })).map((r) => r.id));
      // Refused (CONFLICT, exit 1) while the sweep runs here or in another process; BAD_INPUT (exit 2) with nothing to confirm.
      const { queued, configurations } = await session.call('confirmSweep', { id: sweep.id, top, seeds, concurrency });
      const fewer = configurations < top ? ` (it has only ${configurations})` : '';
      process.stderr.write(`Confirming sweep ${sweep.id} "${sweep.name}": the best ${configurations} configuration(s)${fewer} × ${seeds} fresh seed(s) = ${queued} replicate(s)\n`);
      const ok = await followToTheEnd(session, follower, sweep.id);

      const replicates = (await session.call('listRuns', { sweepId: sweep.id, includeSuperseded: true })).filter((r) => !before.has(r.id) && r.replicateOf !== null);
      const completed = replicates.filter((r) => r.status === 'completed').length;
      const others = replicates.length - completed;
      process.stdout.write(
        `${replicates.length} replicate(s) of ${configurations} configuration(s) ran: ${completed} completed${others ? `, ${others} did not` : ''}.\n` +
          `Compare the configurations over their seeds: sweeplab runs --sweep ${sweep.id} --group-by config${opts.db ? ` --db ${shellWord(opts.db)}` : ''}\n`,
      );
      return ok ? EXIT.ok : EXIT.runFailed;
    } finally {
      follower.stop();
    }
  });
}

/** A path as it can be pasted into a shell: quoted only when it has to be. */
function shellWord(text: string): string {
  return /^[\w./:@+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
