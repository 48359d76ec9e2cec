/**
 * Exports: the run table as CSV, Markdown or LaTeX text or for reading, the whole report
 * written into a folder, and saving a file via the desktop shell.
 */
import { exportSweep, sweepTable, tableFile } from '../../export/sweepReport';
import { formatCell } from '../../export/table';
import { paramLabel, runLabel } from '../../shared/runLabel';
import { FileWriteError, errnoOf, fileWriteError } from '../../lib/fsErrors';
import type { RunStatus, RunTableView, WrittenFile } from '../contract';
import { assertLocalFolders, type ApiContext, type Handlers } from '../context';
import { ApiFailure, unavailable } from '../errors';
import { schemas } from '../schemas';

function runTable(ctx: ApiContext, sweepId: number): RunTableView {
  const { table, runs, sweptKeys, best } = sweepTable(ctx.store, sweepId);
  return {
    sweepId,
    table,
    text: table.rows.map((row) => row.map((cell, c) => formatCell(table.columns[c], cell))),
    runs: runs.map((r) => ({ id: r.id, status: r.status as RunStatus, label: runLabel(r, sweptKeys) })),
    best: best && { id: best.id, params: paramLabel(best.params, sweptKeys), valAcc: best.metrics.val_acc ?? null, testAcc: best.metrics.test_acc ?? null },
  };
}

/** The report into `dir`, each file announced as it lands; a failed write says which file and what to do. */
async function exportReport(ctx: ApiContext, req: { sweepId: number; dir: string; samples?: number }): Promise<{ files: WrittenFile[] }> {
  assertLocalFolders(ctx, 'exportReport');
  const { sweepId, dir, samples } = req;
  try {
    const files = await exportSweep(ctx.store, sweepId, dir, {
      dataDir: ctx.datasetContext().dataDir,
      samples,
      onWritten: (f) => ctx.emit({ event: 'report-file-written', data: { sweepId, name: f.name, path: f.path } }),
    });
    return { files };
  } catch (err) {
    // UNAVAILABLE (a full disk) is no code dispatch knows on a thrown error: keep the sentence, not an INTERNAL.
    if (err instanceof FileWriteError) throw new ApiFailure(err.code, err.message);
    throw err;
  }
}

export const exportHandlers = {
  exportTable: { input: schemas.exportTable, run: (ctx, req) => tableFile(ctx.store, req.sweepId, req.format) },
  runTable: { input: schemas.runTable, run: (ctx, { sweepId }) => runTable(ctx, sweepId) },
  exportReport: { input: schemas.exportReport, run: (ctx, req) => exportReport(ctx, req) },
  saveFile: {
    input: schemas.saveFile,
    async run(ctx, req) {
      if (!ctx.platform.saveFile) throw unavailable(`saveFile is not available in ${ctx.mode} mode: download the file instead`);
      try {
        return await ctx.platform.saveFile(req);
      } catch (err) {
        // The shell writes where the user chose: a full disk or a read-only folder is
        // told in words (which file, what to do), not as errno text or an INTERNAL.
        if (!(err instanceof FileWriteError) && !errnoOf(err)) throw err;
        const failure = fileWriteError(err, (err as { path?: string }).path ?? req.suggestedName, { again: 'save again' });
        throw new ApiFailure(failure.code, failure.message);
      }
    },
  },
} satisfies Handlers<'exportTable' | 'runTable' | 'exportReport' | 'saveFile'>;
