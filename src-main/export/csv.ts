/**
 * The run table as RFC 4180 CSV, for spreadsheets and pandas. Unlike the Markdown and
 * LaTeX tables nothing is rounded: numbers are written as JavaScript's shortest
 * round-trip text, so reading the file back gives exactly the recorded values.
 */
import { stringify } from 'csv-stringify/sync';
import type { RunTable } from './types';

export function toCsv(table: RunTable): string {
  return stringify([table.columns.map((c) => c.header), ...table.rows], {
    // RFC 4180 ends records with CRLF.
    record_delimiter: 'windows',
    // Setting record_delimiter turns this off by default, and then a bare `\n` inside a
    // value would go out unquoted and split the record for every reader.
    quote_record_delimiter: true,
    cast: {
      // The library's default writes booleans as `1` and ``; a param reads better as text.
      boolean: (v) => String(v),
      number: (v) => String(v),
    },
    // escape_formulas stays off on purpose: its `'` prefix would change the values
    // analysis tools read back, and every value here comes from the user's own sweep.
  });
}
