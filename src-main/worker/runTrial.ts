/**
 * One trial, start to finish, inside a worker process: load the data, build the model,
 * train (snapshotting frames at the scheduled steps), test, save the weights, and stream
 * everything to the scheduler as it happens.
 * Transport-free (it only calls `send`), so it runs the same under child_process,
 * Electron's utilityProcess, or in-process in a test.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadDataset } from '../data/registry';
import { createEngineModel } from '../engine/createModel';
import { DivergedError, trainLoop, type EpochMetrics } from '../engine/trainLoop';
import { curveEventMetrics, curveEvents } from '../analysis/curveEvents';
import { learningRateAt } from '../engine/schedule';
import { APP_VERSION, runtimeVersions } from '../version';
import { saveWeights } from '../export/modelFiles';
import { METRIC, metricValue, type MetricPoint } from '../api/metrics';
import type { FromWorker, PruneAnswer, StartTrial, TrialProgress } from './protocol';
import type { Dataset } from '../data/types';
import { datasetFrameKind, type TrialConfig } from '../sweep/configSchema';
import { PromiseCache } from '../lib/promiseCache';
import { framePlan, framesEnabled } from '../frames/config';
import { FrameThread } from '../frames/frameThread';
import { FrameRecorder, frameSource, type FrameStats } from '../frames/recorder';

/**
 * How often recorded points go to the scheduler, epoch ends included: the one batching
 * stage on the way to the database and the charts. Each message is one IPC hop and one
 * database transaction, so a run costs at most 5 of each a second however fast it
 * trains (an Iris epoch takes a millisecond). A crash of the worker loses at most this
 * much of a run that then counts as failed anyway; the run's last points and its end
 * are sent at once.
 */
const FLUSH_MS = 200;

/**
 * The last data set this process loaded, for the next trial of the same sweep: a worker
 * runs its lane's trials one after another, and Fashion-MNIST takes ~0.7 s to read and
 * decode. Keyed by the data set's config and folder; nothing trains in place on it.
 */
const lastDataset = new PromiseCache<string, Dataset>(1);

export function datasetFor(trial: TrialConfig, dataDir: string | undefined): Promise<Dataset> {
  return lastDataset.get(JSON.stringify([trial.dataset, dataDir ?? null]), () => loadDataset(trial.dataset, { dataDir }));
}

/** The scheduler's answers to `epoch-end`, handed to the trial that waits for each. */
export class PruneAnswers {
  private waiting = new Map<string, (stop: boolean) => void>();

  /** Resolves with the answer about `epoch` of `runId` (true: stop there). */
  wait(runId: number, epoch: number): Promise<boolean> {
    return new Promise((resolve) => this.waiting.set(`${runId}:${epoch}`, resolve));
  }

  answer(m: PruneAnswer): void {
    const key = `${m.runId}:${m.epoch}`;
    this.waiting.get(key)?.(m.stop === true);
    this.waiting.delete(key);
  }
}

/** Thrown out of the training loop when the pruner stops the run after `epoch`. */
class PrunedStop extends Error {
  constructor(readonly epoch: number) {
    super(`pruned after epoch ${epoch}`);
  }
}

type FinalMessage = Extract<FromWorker, { type: 'finished' | 'failed' | 'pruned' }>;

/** For the bench (bench/frames.ts): what the run's frames cost, told once the run has ended. */
export interface TrialHooks {
  frameStats?(stats: FrameStats): void;
}

/**
 * Runs the trial, streaming through `send`; returns the final message for the caller to
 * deliver. With `msg.pruning`, every epoch end waits for `answers` (the scheduler's decision).
 */
export async function runTrial(msg: StartTrial, send: (m: FromWorker) => void, answers?: PruneAnswers, hooks: TrialHooks = {}): Promise<FinalMessage> {
  const { runId, trial } = msg;
  if (msg.pruning && !answers) throw new Error('runTrial: a pruned sweep needs the scheduler\'s answers');
  let model: Awaited<ReturnType<typeof createEngineModel>> | undefined;
  const epochs: EpochMetrics[] = [];
  let points: MetricPoint[] = [];
  let frames: FrameRecorder | null = null;
  /**
   * At the run's end, whichever it is: waits for the frame thread to finish every
   * snapshot posted and sends the frames, before the final message, so the scheduler
   * writes them all before it records the run's end.
   */
  const sendLastFrames = () => {
    if (!frames) return;
    const recorder = frames;
    frames = null;
    recorder.finish();
    const last = recorder.take();
    if (last.length) send({ type: 'frames', runId, frames: last });
    hooks.frameStats?.(recorder.stats);
    warnFrames(recorder);
  };
  // Once per run, whichever way it ends: completed, pruned, or failed part-way (diverged).
  let eventsRecorded = false;
  /** The curve events of the epochs trained so far, as `run` points at `step` (the run's last epoch). */
  const eventPoints = (step: number, divergedStep: number | null, time: number): MetricPoint[] => {
    eventsRecorded = true;
    return Object.entries(curveEventMetrics(curveEvents(epochs), divergedStep)).map(([key, value]) => ({ key, step, value, time }));
  };
  try {
    // Its boot overlaps loading the data; the recorder below waits for nothing until it posts.
    if (mayRecordFrames(trial)) FrameThread.prestart();
    const dataset = await datasetFor(trial, msg.dataDir);
    model = await createEngineModel(trial, dataset);
    const stepsPerEpoch = Math.ceil(dataset.train.n / trial.train.batchSize);
    const totalSteps = stepsPerEpoch * trial.train.epochs;
    // Before `started`: a config that asks for frames the data cannot have fails here, at once.
    frames = recorderFor(trial, dataset, totalSteps);
    const recorder = frames;
    send({
      type: 'started',
      runId,
      env: {
        engine: model.engine,
        backend: model.backend,
        gpu: model.gpu,
        appVersion: APP_VERSION,
        versions: runtimeVersions(model.versions ?? {}),
        pid: process.pid,
      },
      dataset: {
        name: dataset.name,
        source: dataset.source,
        note: dataset.note,
        train: dataset.train.n,
        val: dataset.val.n,
        test: dataset.test.n,
        stepsPerEpoch,
      },
    });

    const schedule = trial.train.schedule;
    let lastFlush = Date.now();
    const progress: TrialProgress = { epoch: 1, epochs: trial.train.epochs, step: 0, steps: totalSteps, loss: null };
    const flush = () => {
      // Frames first: a chart that hears of a step may ask for its frame.
      const captured = recorder?.take() ?? [];
      if (captured.length) send({ type: 'frames', runId, frames: captured });
      send({ type: 'metrics', runId, points, progress: { ...progress } });
      points = [];
      lastFlush = Date.now();
      // A capture failed: the run trains on without more frames (recorder.ts stops taking them).
      if (recorder) warnFrames(recorder);
    };

    recorder?.record(model, 0, 0, null, Date.now());
    const trained = model;
    const summary = await trainLoop(
      model,
      { train: dataset.train, val: dataset.val },
      {
        epochs: trial.train.epochs,
        batchSize: trial.train.batchSize,
        seed: trial.train.seed,
        classes: dataset.classes.length,
        ...(trial.train.schedule ? { schedule: { lr: trial.train.lr, schedule: trial.train.schedule } } : {}),
      },
      {
        onStep(s) {
          const loss = metricValue(s.loss);
          points.push({ key: METRIC.loss, step: s.step, value: loss, time: s.time });
          progress.step = s.step;
          progress.epoch = s.epoch;
          progress.loss = loss;
          recorder?.record(trained, s.step, s.epoch, loss, s.time);
          if (s.time - lastFlush >= FLUSH_MS) flush();
        },
        async onEpoch(e) {
          epochs.push(e);
          const time = Date.now();
          const add = (key: string, value: number | null) => value !== null && points.push({ key, step: e.epoch, value: metricValue(value), time });
          add(METRIC.trainLoss, e.train_loss);
          add(METRIC.trainAcc, e.train_acc);
          add(METRIC.valLoss, e.val_loss);
          add(METRIC.valAcc, e.val_acc);
          add(METRIC.epochSeconds, e.seconds);
          // The schedule's rate at the epoch's last step, so the curve of the rate can be read beside the loss.
          if (schedule) add(METRIC.lr, learningRateAt(trial.train.lr, schedule, e.epoch * stepsPerEpoch - 1, stepsPerEpoch, totalSteps));
          if (msg.pruning && answers) {
            // The pruner judges this epoch on the points just sent, before another step.
            flush();
            const decided = answers.wait(runId, e.epoch);
            send({ type: 'epoch-end', runId, epoch: e.epoch });
            if (await decided) throw new PrunedStop(e.epoch);
          } else if (time - lastFlush >= FLUSH_MS) flush();
        },
      },
    ).catch((e: unknown) => {
      // What the run recorded up to the failure (the diverged step included) is kept.
      if (points.length) flush();
      throw e;
    });

    // A split ratio of 0 leaves no test rows: the run simply has no test figures.
    const test = dataset.test.n ? model.evaluate(dataset.test.x, dataset.test.y, dataset.test.n) : null;
    const time = Date.now();
    const last = trial.train.epochs;
    if (test) points.push({ key: METRIC.testLoss, step: last, value: metricValue(test.loss), time }, { key: METRIC.testAcc, step: last, value: test.accuracy, time });
    points.push(...eventPoints(last, null, time));
    // Peak resident memory of this worker process so far (data, model, engine; a worker
    // runs its lane's trials in turn, so this is the most any of them has needed), in MiB.
    points.push({ key: METRIC.peakRssMb, step: last, value: process.resourceUsage().maxRSS / 1024, time });
    flush();

    const runDir = path.join(msg.artifactsDir, `run-${runId}`);
    mkdirSync(runDir, { recursive: true });
    const weights = await saveWeights(model, trial, dataset, runDir);
    const artifacts = weights.map((a) => ({ ...a, path: path.relative(msg.artifactsDir, a.path) }));
    // The last frames were built while the test ran and the weights were saved.
    sendLastFrames();

    return { type: 'finished', runId, result: { epochs: summary.epochs, bestEpoch: summary.bestEpoch, test, artifacts } };
  } catch (e) {
    // The frames finished before the failure are kept.
    try {
      sendLastFrames();
    } catch (f) {
      process.stderr.write(`sweeplab worker: run ${runId}: the last frames were lost: ${(f as Error).message}\n`);
    }
    if (e instanceof PrunedStop) {
      // What a pruned run keeps: its curves (sent), its frames, its curve events so far and its memory.
      const time = Date.now();
      points.push(...eventPoints(e.epoch, null, time));
      points.push({ key: METRIC.peakRssMb, step: e.epoch, value: process.resourceUsage().maxRSS / 1024, time });
      send({ type: 'metrics', runId, points, progress: { epoch: e.epoch, epochs: trial.train.epochs, step: 0, steps: 0, loss: null } });
      return { type: 'pruned', runId, epoch: e.epoch };
    }
    // A failed run keeps the events of the epochs it completed, and a diverged one where
    // it diverged. Sent before the final message, so the scheduler writes them (in order,
    // through its one write queue) before it records the run's end.
    if (!eventsRecorded) {
      const diverged = e instanceof DivergedError ? e : null;
      const at = diverged?.epoch ?? epochs.at(-1)?.epoch ?? 0;
      const events = eventPoints(at, diverged?.step ?? null, Date.now());
      if (events.length) send({ type: 'metrics', runId, points: events, progress: { epoch: at, epochs: trial.train.epochs, step: 0, steps: 0, loss: null } });
    }
    const code = (e as { code?: unknown }).code;
    return { type: 'failed', runId, code: typeof code === 'string' ? code : 'TRIAL_FAILED', message: (e as Error).message };
  } finally {
    model?.dispose();
  }
}

/**
 * The run's frame recorder, or null when it records none (frames/config.ts decides
 * from the config and the data). The first-layer width bounds the units drawn: a plane
 * model without hidden layers has no units to draw, an image model's output layer
 * still has its tiles (one template per class).
 */
/**
 * Whether the trial may record frames, known from its config before its data is loaded:
 * a CSV counts as two-feature until its columns are read (framePlan decides then).
 */
function mayRecordFrames(trial: TrialConfig): boolean {
  const kind = datasetFrameKind(trial.dataset.name);
  return kind !== null && framesEnabled(trial.frames, kind === 'unknown' ? 'plane' : kind);
}

const warnedFrames = new WeakSet<FrameRecorder>();

/**
 * A capture that failed stops the run's frames, not the run: a replay is worth less than
 * the training it shows. Said once per run on stderr (the app's log, the CLI's terminal).
 */
function warnFrames(recorder: FrameRecorder): void {
  if (!recorder.failure || warnedFrames.has(recorder)) return;
  warnedFrames.add(recorder);
  process.stderr.write(`sweeplab worker: frames stopped after ${recorder.stats.frames} frame(s): ${recorder.failure.message}\n`);
}

function recorderFor(trial: TrialConfig, dataset: Dataset, totalSteps: number): FrameRecorder | null {
  const firstWidth = trial.model.hidden[0] ?? (dataset.image ? dataset.classes.length : 0);
  const plan = framePlan(trial.frames, dataset, firstWidth);
  if (!plan) return null;
  return new FrameRecorder(frameSource(plan, dataset, trial.dataset.seed), trial.model.activation, totalSteps);
}
