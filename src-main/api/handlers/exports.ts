/** Exports: the run table as CSV, Markdown or LaTeX text, and saving a file via the desktop shell. */
import { tableFile } from '../../export/sweepReport';
import type { Handlers } from '../context';
import { unavailable } from '../errors';
import { schemas } from '../schemas';

export const exportHandlers = {
  exportTable: { input: schemas.exportTable, run: (ctx, req) => tableFile(ctx.store, req.sweepId, req.format) },
  saveFile: {
    input: schemas.saveFile,
    run(ctx, req) {
      if (!ctx.platform.saveFile) throw unavailable(`saveFile is not available in ${ctx.mode} mode: download the file instead`);
      return ctx.platform.saveFile(req);
    },
  },
} satisfies Handlers<'exportTable' | 'saveFile'>;
