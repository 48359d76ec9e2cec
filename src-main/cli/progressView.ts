/**
 * The terminal's view of a running sweep, drawn from the API's events: one progress bar
 * per running trial (epoch, loss, ETA) under an overall bar, on a TTY; plain lines per
 * finished run otherwise (CI logs, pipes), so logs stay readable.
 */
import cliProgress from 'cli-progress';
import type { EventMessage, RunTableView } from '../api/contract';
import { formatDurationMs } from '../shared/format';
import type { CliSession } from './session';

export interface ProgressView {
  /** One of the sweep's events; others are ignored. */
  show(m: EventMessage): void;
  /** Resolves once every event given so far is drawn; then the bars stop. */
  finish(): Promise<void>;
}

/** `table` is the sweep's run table as it starts: the run labels, and how many runs are queued. */
export function progressView(session: CliSession, table: RunTableView, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const { sweepId } = table;
  const labels = new Map(table.runs.map((r) => [r.id, r.label]));
  const pending = table.runs.filter((r) => r.status === 'queued' || r.status === 'running').length;
  const tty = Boolean(stream.isTTY);
  let done = 0;

  const multibar = tty
    ? new cliProgress.MultiBar(
        { stream, clearOnComplete: false, hideCursor: true, format: ' {label} |{bar}| {detail}', barsize: 24, autopadding: true, etaBuffer: 50 },
        cliProgress.Presets.shades_grey,
      )
    : null;
  const overall = multibar?.create(pending, 0, { label: 'sweep'.padEnd(30), detail: `0/${pending} runs` });
  const bars = new Map<number, cliProgress.SingleBar>();
  const say = (line: string) => (multibar ? multibar.log(`${line}\n`) : stream.write(`${line}\n`));
  const labelOf = (runId: number) => (labels.get(runId) ?? `run ${runId}`).slice(0, 30).padEnd(30);

  /** A finished run's line: its last validation accuracy, or why it did not complete. */
  async function finishedDetail(runId: number, status: string, error: string | null): Promise<string> {
    if (status !== 'completed') return `${status}${error ? `: ${error}` : ''}`;
    const acc = await session.call('getRun', { id: runId }).then(
      (d) => d.run.metrics.val_acc,
      () => null,
    );
    return `done${acc != null ? `, val acc ${acc.toFixed(4)}` : ''}`;
  }

  async function draw(m: EventMessage): Promise<void> {
    switch (m.event) {
      case 'run-started':
        if (m.data.note) say(m.data.note);
        if (multibar) bars.set(m.data.runId, multibar.create(1, 0, { label: labelOf(m.data.runId), detail: 'starting' }));
        break;
      case 'run-progress': {
        const p = m.data.progress;
        const bar = bars.get(p.runId);
        bar?.setTotal(p.steps);
        bar?.update(p.step, { label: labelOf(p.runId), detail: `epoch ${p.epoch}/${p.epochs}  loss ${p.loss !== null ? p.loss.toFixed(4) : '--'}  ETA ${formatDurationMs(p.etaMs)}` });
        break;
      }
      case 'run-finished': {
        const { runId, status, error } = m.data;
        const detail = await finishedDetail(runId, status, error);
        done++;
        const bar = bars.get(runId);
        if (bar) {
          bar.update(status === 'completed' ? bar.getTotal() : bar.getProgress() * bar.getTotal(), { label: labelOf(runId), detail });
          multibar?.remove(bar);
        }
        say(`${labelOf(runId).trim()}: ${detail}`);
        bars.delete(runId);
        overall?.update(done, { detail: `${done}/${pending} runs` });
        break;
      }
      default:
        break;
    }
  }

  // One event after the other: a finished run's line waits for its accuracy, and the
  // lines keep the order of the events.
  let drawn = Promise.resolve();
  return {
    show(m) {
      const data = m.data as { sweepId?: number; progress?: { sweepId: number } };
      if ((data.sweepId ?? data.progress?.sweepId) !== sweepId) return;
      drawn = drawn.then(() => draw(m)).catch((err: unknown) => void stream.write(`sweeplab: could not draw progress: ${(err as Error).message}\n`));
    },
    async finish() {
      await drawn;
      // One last redraw first: stop() alone would drop the lines logged since the last frame.
      multibar?.update();
      multibar?.stop();
    },
  };
}
