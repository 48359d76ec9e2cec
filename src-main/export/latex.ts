/**
 * The run table as a LaTeX `table` with booktabs rules, ready to \input into a report.
 * Written by hand: the output is a dozen lines, and the escaping rules are the part
 * that matters and is easiest to see here.
 */
import { formatCell, isBest } from './table';
import type { RunTable } from './types';

export interface LatexOptions {
  /** Escaped like any cell, so plain text only. */
  caption?: string;
  /** Used as is in \label{}; refused if it holds characters that break the label. */
  label?: string;
  /** Decimals for losses and accuracies (default 4). */
  digits?: number;
}

const LATEX_ESCAPES: Record<string, string> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  // `\~` and `\^` are accents that would sit on the next character; these print the glyph.
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

/**
 * One pass over the text, so the backslashes this inserts are never escaped again.
 * Line breaks become spaces: a blank line inside a tabular cell is a paragraph break
 * and stops the document.
 */
export function escapeLatex(text: string): string {
  return text.replace(/[&%$#_{}~^\\]/g, (c) => LATEX_ESCAPES[c]).replace(/\r\n|\r|\n/g, ' ');
}

/** Characters that end or confuse a \label argument, or that hyperref chokes on. */
const BAD_LABEL = /[\\{}%#&$^~\s,]/;

/** Throws a RangeError naming a label that would break `\label{…}`. */
export function assertLatexLabel(label: string | undefined): void {
  if (label !== undefined && BAD_LABEL.test(label)) {
    throw new RangeError(`LaTeX label "${label}" may not contain spaces, commas or any of \\ { } % # & $ ^ ~`);
  }
}

export function toLatex(table: RunTable, opts: LatexOptions = {}): string {
  const digits = opts.digits ?? 4;
  assertLatexLabel(opts.label);
  const spec = table.columns.map((c) => (c.numeric ? 'r' : 'l')).join('');
  const line = (cells: string[]) => `    ${cells.join(' & ')} \\\\`;
  const header = line(table.columns.map((c) => escapeLatex(c.header)));
  const body = table.rows.map((row, r) =>
    line(
      table.columns.map((col, c) => {
        const text = escapeLatex(formatCell(col, row[c], digits));
        return text !== '' && isBest(table, r, col.key) ? `\\textbf{${text}}` : text;
      }),
    ),
  );
  return booktabsTable({ spec, header, body, caption: opts.caption !== undefined ? escapeLatex(opts.caption) : undefined, label: opts.label });
}

/**
 * A booktabs `table` around ready-made rows: the caption (LaTeX, already escaped) above
 * the table, by convention; the label as given (check it with assertLatexLabel). One
 * layout for the run table and the group table.
 */
export function booktabsTable(t: { spec: string; header: string; body: readonly string[]; caption?: string; label?: string }): string {
  return [
    '% Needs \\usepackage{booktabs} in the preamble (\\toprule, \\midrule, \\bottomrule).',
    '\\begin{table}[htbp]',
    '  \\centering',
    ...(t.caption !== undefined ? [`  \\caption{${t.caption}}`] : []),
    ...(t.label !== undefined ? [`  \\label{${t.label}}`] : []),
    `  \\begin{tabular}{${t.spec}}`,
    '    \\toprule',
    t.header,
    '    \\midrule',
    ...t.body,
    '    \\bottomrule',
    '  \\end{tabular}',
    '\\end{table}',
    '',
  ].join('\n');
}
