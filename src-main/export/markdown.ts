/**
 * The run table as a GitHub-flavoured Markdown table for READMEs and notes: metrics
 * rounded for reading, the best value of each metric in bold.
 */
import { markdownTable } from 'markdown-table';
import { formatCell, isBest } from './table';
import type { RunTable } from './types';

export interface MarkdownOptions {
  /** Decimals for losses and accuracies (default 4). */
  digits?: number;
  /** Pad cells so the source lines up (default true); off gives smaller diffs. */
  alignDelimiters?: boolean;
}

/**
 * markdown-table lays the table out but does not escape cell text: a `|` would start
 * a new column and a newline would end the row, so both are neutralised here. `_` is
 * left alone: GFM never reads an underscore inside a word (`train_loss`) as emphasis.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
}

export function toMarkdown(table: RunTable, opts: MarkdownOptions = {}): string {
  const digits = opts.digits ?? 4;
  const header = table.columns.map((c) => escapeMarkdown(c.header));
  const body = table.rows.map((row, r) =>
    table.columns.map((col, c) => {
      const text = escapeMarkdown(formatCell(col, row[c], digits));
      return text !== '' && isBest(table, r, col.key) ? `**${text}**` : text;
    }),
  );
  return markdownTable([header, ...body], {
    align: table.columns.map((c) => (c.numeric ? 'r' : 'l')),
    alignDelimiters: opts.alignDelimiters ?? true,
  });
}
