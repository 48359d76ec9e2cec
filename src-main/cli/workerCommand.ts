/**
 * `sweeplab worker --queue redis://…`: lends this machine to the sweeps of whoever
 * coordinates through that queue. It trains and relays; it keeps no database (the
 * coordinator records everything), only a scratch folder for a trial's files until they
 * are sent.
 *
 * Ctrl+C (or SIGTERM) stops taking trials and lets the running ones finish; a second
 * Ctrl+C stops at once, and those trials are rerun on another worker.
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { detectCapabilities } from '../cluster/capabilities';
import { parseQueueUrl, QUEUE_ENV, queueFromEnv } from '../cluster/queueUrl';
import { WorkerAgent } from '../cluster/workerAgent';
import { parseConcurrency, parsePositiveInt, UsageError } from './errors';

interface WorkerOptions {
  queue?: string;
  concurrency?: string;
  name?: string;
  dataDir?: string;
  lockMs: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run trials for sweeps coordinated through a Redis queue (README: Running on several machines)')
    .option('--queue <url>', `the queue: redis://[user:password@]host:port, or rediss://… for TLS (default: $${QUEUE_ENV})`)
    .option('--concurrency <n>', 'trials at once (default: the number of CPU cores)')
    .option('--name <name>', 'how this worker is shown to the coordinator (default: host name and process id)')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files; when given, no other copy is used')
    .option('--lock-ms <ms>', "how long a trial's lock lasts unless renewed: a dead worker's trials rerun after about twice this", '30000')
    .addHelpText('after', '\nExamples:\n  sweeplab worker --queue redis://:secret@10.0.0.5:6379\n  SWEEPLAB_QUEUE=rediss://:secret@queue.example:6380 sweeplab worker --concurrency 4')
    .action(async (opts: WorkerOptions) => {
      await runWorker(opts);
    });
}

async function runWorker(opts: WorkerOptions): Promise<void> {
  const queue = opts.queue !== undefined ? parseQueueUrl(opts.queue) : queueFromEnv();
  if (!queue) throw new UsageError(`missing --queue redis://host:port (or set ${QUEUE_ENV})`);
  const concurrency = opts.concurrency === undefined ? os.availableParallelism() : parseConcurrency(opts.concurrency);
  const name = opts.name ?? `${os.hostname()}-${process.pid}`;
  if (!NAME.test(name)) throw new UsageError(`--name: "${name}" must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  const dataDir = opts.dataDir === undefined ? undefined : path.resolve(opts.dataDir);
  if (dataDir !== undefined && !(existsSync(dataDir) && statSync(dataDir).isDirectory())) throw new UsageError(`--data-dir: ${dataDir} is not a folder`);
  const lockMs = parsePositiveInt(opts.lockMs, '--lock-ms');
  if (lockMs < 1000) throw new UsageError('--lock-ms: at least 1000 (a shorter lock can expire while a busy machine renews it)');

  const caps = detectCapabilities({ name, concurrency, dataDir });
  const agent = new WorkerAgent({ queue, caps, dataDir, scratchDir: path.join(os.tmpdir(), `sweeplab-worker-${name}`), lockMs });
  await agent.start().catch(async (e: unknown) => {
    await agent.close(true);
    throw e;
  });
  process.stderr.write(`Worker ${name} on ${caps.host}: ${concurrency} trial(s) at once from ${queue.redacted}\n  data sets: ${caps.datasets.join(', ')}; backends: ${caps.backends.join(', ')}\n`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) {
        process.stderr.write('Stopping now; the running trials will be rerun on another worker.\n');
        void agent.close(true).then(resolve);
        return;
      }
      stopping = true;
      process.stderr.write('Finishing the running trials (Ctrl+C again to stop now)…\n');
      void agent.close(false).then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
