/**
 * Exports: the run table as CSV, Markdown or LaTeX text or for reading, the whole report
 * or the paper pack written into a folder, and saving a file via the desktop shell.
 */
import { exportPaperPack } from '../../export/paperPack';
import { exportSweep, sweepTable, tableFile } from '../../export/sweepReport';
import { buildRunTable, formatCell, pickColumns } from '../../export/table';
import type { RunTable } from '../../export/types';
import { paramLabel, runLabel } from '../../shared/runLabel';
import { FileWriteError, errnoOf, fileWriteError } from '../../lib/fsErrors';
import type { RunStatus, RunTableView, WrittenFile } from '../contract';
import { assertLocalFolders, type ApiContext, type Handlers } from '../context';
import { ApiFailure, badInput, unavailable } from '../errors';
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

/**
 * The table as the GUI shows it: only `runIds`, in that order (the filtered, sorted rows),
 * with only `columns`. A run that is not a current run of the sweep, or a column the
 * table does not have, is refused by name rather than left out quietly.
 */
export function shownTable(ctx: ApiContext, req: { sweepId: number; runIds?: number[]; columns?: string[] }): RunTable {
  const { table, runs, sweptKeys } = sweepTable(ctx.store, req.sweepId);
  let picked = table;
  if (req.runIds) {
    const byId = new Map(runs.map((r) => [r.id, r]));
    const missing = req.runIds.find((id) => !byId.has(id));
    if (missing !== undefined) throw badInput(`runIds: run ${missing} is not a current run of sweep ${req.sweepId}`, [{ path: 'runIds', message: `run ${missing} is not a current run of sweep ${req.sweepId}` }]);
    picked = buildRunTable([...new Set(req.runIds)].map((id) => byId.get(id)!), sweptKeys);
  }
  if (!req.columns) return picked;
  try {
    return pickColumns(picked, req.columns);
  } catch (err) {
    const message = (err as Error).message;
    throw badInput(`columns: ${message}`, [{ path: 'columns', message }]);
  }
}

/** The report into `dir`, each file announced as it lands; a failed write says which file and what to do. */
async function exportReport(ctx: ApiContext, req: { sweepId: number; dir: string; samples?: number; runIds?: number[] }): Promise<{ files: WrittenFile[] }> {
  assertLocalFolders(ctx, 'exportReport');
  const { sweepId, dir, samples, runIds } = req;
  if (runIds) shownTable(ctx, { sweepId, runIds });
  try {
    const files = await exportSweep(ctx.store, sweepId, dir, {
      dataDir: ctx.datasetContext().dataDir,
      samples,
      runIds,
      onWritten: (f) => ctx.emit({ event: 'report-file-written', data: { sweepId, name: f.name, path: f.path } }),
    });
    return { files };
  } catch (err) {
    // UNAVAILABLE (a full disk) is no code dispatch knows on a thrown error: keep the sentence, not an INTERNAL.
    if (err instanceof FileWriteError) throw new ApiFailure(err.code, err.message);
    throw err;
  }
}

/** The paper pack into `dir` (export/paperPack.ts), under exportReport's rules: local folders only, each file announced. */
async function exportPack(ctx: ApiContext, req: { sweepId: number; dir: string }): Promise<{ files: WrittenFile[] }> {
  assertLocalFolders(ctx, 'exportPack');
  const { sweepId, dir } = req;
  try {
    const files = await exportPaperPack(ctx.store, sweepId, dir, {
      dataDir: ctx.datasetContext().dataDir,
      onWritten: (f) => ctx.emit({ event: 'report-file-written', data: { sweepId, name: f.name, path: f.path } }),
    });
    return { files };
  } catch (err) {
    if (err instanceof FileWriteError) throw new ApiFailure(err.code, err.message);
    throw err;
  }
}

export const exportHandlers = {
  exportTable: {
    input: schemas.exportTable,
    run: (ctx, req) => tableFile(ctx.store, req.sweepId, req.format, req.runIds || req.columns ? shownTable(ctx, req) : undefined),
  },
  runTable: { input: schemas.runTable, run: (ctx, { sweepId }) => runTable(ctx, sweepId) },
  exportReport: { input: schemas.exportReport, run: (ctx, req) => exportReport(ctx, req) },
  exportPack: { input: schemas.exportPack, run: (ctx, req) => exportPack(ctx, req) },
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
  chooseFolder: {
    input: schemas.chooseFolder,
    run(ctx, req) {
      if (!ctx.platform.chooseFolder) throw unavailable(`chooseFolder is not available in ${ctx.mode} mode: the browser cannot name a folder on the server`);
      return ctx.platform.chooseFolder(req);
    },
  },
} satisfies Handlers<'exportTable' | 'runTable' | 'exportReport' | 'exportPack' | 'saveFile' | 'chooseFolder'>;
