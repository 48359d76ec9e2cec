/** Exports: the run table as CSV, Markdown or LaTeX text, and saving a file via the desktop shell. */
import { tableFile } from '../../export/sweepReport';
import { FileWriteError, errnoOf, fileWriteError } from '../../lib/fsErrors';
import type { Handlers } from '../context';
import { ApiFailure, unavailable } from '../errors';
import { schemas } from '../schemas';

export const exportHandlers = {
  exportTable: { input: schemas.exportTable, run: (ctx, req) => tableFile(ctx.store, req.sweepId, req.format) },
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
} satisfies Handlers<'exportTable' | 'saveFile'>;
