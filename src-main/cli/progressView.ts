/**
 * The terminal's view of a running sweep: one progress bar per running trial (epoch,
 * loss, ETA) under an overall bar, on a TTY; plain lines per finished run otherwise
 * (CI logs, pipes), so logs stay readable.
 */
import cliProgress from 'cli-progress';
import { paramLabel } from '../export/table';
import type { Store } from '../store/store';
import type { SchedulerEvent, SweepScheduler } from '../sweep/scheduler';

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function attachProgressView(scheduler: SweepScheduler, store: Store, sweepId: number, stream: NodeJS.WriteStream = process.stderr): () => void {
  const runs = store.runs.list({ sweepId });
  const sweptKeys = Object.keys(store.sweeps.get(sweepId)?.config.search.params ?? {});
  const labels = new Map(runs.map((r) => [r.id, `run ${r.id} ${paramLabel(r.params, sweptKeys)}`.trim()]));
  const pending = runs.filter((r) => r.status === 'queued').length;
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

  const onEvent = (e: SchedulerEvent) => {
    if (e.sweepId !== sweepId) return;
    const label = (labels.get(e.type === 'sweep-finished' ? -1 : e.runId) ?? '').slice(0, 30).padEnd(30);
    switch (e.type) {
      case 'run-started':
        if (e.dataset.note) multibar ? multibar.log(`${e.dataset.note}\n`) : stream.write(`${e.dataset.note}\n`);
        bars.set(e.runId, multibar?.create(1, 0, { label, detail: 'starting' }) as cliProgress.SingleBar);
        break;
      case 'progress': {
        const p = e.progress;
        const bar = bars.get(e.runId);
        bar?.setTotal(p.steps);
        bar?.update(p.step, { label, detail: `epoch ${p.epoch}/${p.epochs}  loss ${p.loss !== null ? p.loss.toFixed(4) : '--'}  ETA ${formatDuration(e.etaMs)}` });
        break;
      }
      case 'run-finished': {
        done++;
        const bar = bars.get(e.runId);
        const acc = e.result?.epochs.at(-1)?.val_acc;
        const detail = e.status === 'completed' ? `done${acc != null ? `, val acc ${acc.toFixed(4)}` : ''}` : `${e.status}${e.error ? `: ${e.error}` : ''}`;
        if (bar) {
          bar.update(e.status === 'completed' ? bar.getTotal() : bar.getProgress() * bar.getTotal(), { label, detail });
          multibar?.remove(bar);
          multibar?.log(`${label.trim()}: ${detail}\n`);
        } else stream.write(`${label.trim()}: ${detail}\n`);
        bars.delete(e.runId);
        overall?.update(done, { detail: `${done}/${pending} runs` });
        break;
      }
      case 'sweep-finished':
        multibar?.stop();
        break;
    }
  };
  const off = scheduler.on(onEvent);
  return () => {
    off();
    multibar?.stop();
  };
}
