/** Exports: the run table as CSV, Markdown or LaTeX text, and saving a file via the desktop shell. */
import { toCsv } from '../../export/csv';
import { toLatex } from '../../export/latex';
import { toMarkdown } from '../../export/markdown';
import { sweepTable } from '../../export/sweepReport';
import type { TableFormat, TextFile } from '../contract';
import type { ApiContext, Handlers } from '../context';
import { unavailable } from '../errors';
import { schemas } from '../schemas';

/** The same files, with the same caption and label, as `sweeplab export`. */
function exportTable(ctx: ApiContext, sweepId: number, format: TableFormat): TextFile {
  const { table } = sweepTable(ctx.store, sweepId);
  const sweep = ctx.store.sweeps.get(sweepId)!;
  switch (format) {
    case 'csv':
      return { filename: 'runs.csv', mime: 'text/csv', text: toCsv(table) };
    case 'md':
      return { filename: 'runs.md', mime: 'text/markdown', text: toMarkdown(table) };
    case 'latex':
      return {
        filename: 'runs.tex',
        mime: 'application/x-tex',
        text: toLatex(table, { caption: `Sweep ${sweep.name}: one row per run; best value per metric in bold.`, label: `tab:sweep-${sweep.id}` }),
      };
  }
}

export const exportHandlers = {
  exportTable: { input: schemas.exportTable, run: (ctx, req) => exportTable(ctx, req.sweepId, req.format) },
  saveFile: {
    input: schemas.saveFile,
    run(ctx, req) {
      if (!ctx.platform.saveFile) throw unavailable(`saveFile is not available in ${ctx.mode} mode: download the file instead`);
      return ctx.platform.saveFile(req);
    },
  },
} satisfies Handlers<'exportTable' | 'saveFile'>;
