/** Terminal tables: cli-table3 without the rule between every row, so long tables stay compact. */
import Table from 'cli-table3';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function terminalTable(head: string[], opts: { wordWrap?: boolean } = {}): InstanceType<typeof Table> {
  return new Table({ head, chars: COMPACT, style: { head: [], border: [] }, wordWrap: opts.wordWrap ?? false });
}
