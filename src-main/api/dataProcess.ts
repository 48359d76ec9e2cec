/**
 * Entry point of the data process, forked by dataWorker.ts. It runs the tasks it is sent
 * one at a time, so two requests never hold two loads of Fashion-MNIST at once, and keeps
 * the data sets it loaded for the next task (the sample grid and the predictions of a
 * run view come together) until its owner ends it after an idle while: then all of that
 * memory goes back to the system, which a thread's exit does not promise (glibc keeps a
 * thread's malloc arenas, ~180 MB after a few looks at Fashion-MNIST).
 */
import { DatasetCache } from './datasetCache';
import { runDataTask, type DataTask } from './dataTasks';

export interface DataRequest {
  id: number;
  task: DataTask;
}

/** Errors cross as `{ code, message }` (STYLE.md); the stack is for the owner's log. */
export type DataReply = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: { code: string | null; message: string; stack?: string } };

if (!process.send) throw new Error('dataProcess.ts runs as a child process with an IPC channel, forked by src-main/api/dataWorker.ts');
const send = process.send.bind(process);

const datasets = new DatasetCache();
let queue = Promise.resolve();

process.on('message', (req: DataRequest) => {
  queue = queue.then(async () => {
    let reply: DataReply;
    try {
      reply = { id: req.id, ok: true, data: await runDataTask(req.task, (cfg, context) => datasets.load(cfg, context)) };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = (e as { code?: unknown }).code;
      reply = { id: req.id, ok: false, error: { code: typeof code === 'string' ? code : null, message: e.message, stack: e.stack } };
    }
    // The owner may have gone meanwhile; nobody is left to answer.
    if (process.connected) send(reply, () => {});
  });
});
// The owner ended us (idle) or died: nothing we compute can be delivered, so leave.
process.on('disconnect', () => process.exit(0));
