import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../src-main/export/markdown';
import { buildRunTable } from '../../src-main/export/table';
import { SWEPT, sweepRuns } from './fixtures';

/** Cells of a Markdown table line, unescaping nothing: enough for these assertions. */
function cellsOf(line: string): string[] {
  return line.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('toMarkdown', () => {
  const md = toMarkdown(buildRunTable(sweepRuns(), SWEPT));
  const lines = md.split('\n');
  const header = cellsOf(lines[0]);
  const row = (id: number) => cellsOf(lines.find((l) => cellsOf(l)[0] === String(id))!);

  it('has a header row, a separator row and one line per run', () => {
    expect(header.slice(0, 5)).toEqual(['run', 'status', 'backend', 'train.lr', 'model.hidden']);
    expect(lines[1]).toMatch(/^\|(\s*:?-+:?\s*\|)+$/);
    expect(lines).toHaveLength(2 + 4);
    // Numbers right-aligned, text left-aligned.
    const sep = cellsOf(lines[1]);
    expect(sep[header.indexOf('val_acc')]).toMatch(/^-+:$/);
    expect(sep[header.indexOf('status')]).toMatch(/^:-+$/);
  });

  it('rounds metrics to four decimals and bolds the best of each, ignoring the failed run', () => {
    const best = row(2);
    expect(best[header.indexOf('val_acc')]).toBe('**0.9300**');
    expect(best[header.indexOf('train_loss')]).toBe('**0.2000**');
    expect(row(1)[header.indexOf('train_loss')]).toBe('0.3123');
    expect(row(1)[header.indexOf('test_acc')]).toBe('**0.9700**');
    expect(row(3).join(' ')).not.toContain('**');
    expect(row(1)[header.indexOf('model.hidden')]).toBe('10');
    expect(row(2)[header.indexOf('model.hidden')]).toBe('64-32');
  });

  it('keeps a | or a newline in a value from breaking the table', () => {
    const runs = sweepRuns();
    runs[0].params['note'] = 'a|b\nc';
    const lines2 = toMarkdown(buildRunTable(runs, ['note'])).split('\n');
    expect(lines2).toHaveLength(6);
    expect(lines2[2]).toContain('a\\|b c');
    expect(cellsOf(lines2[2])).toHaveLength(cellsOf(lines2[0]).length);
  });
});
