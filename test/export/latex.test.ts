import { describe, expect, it } from 'vitest';
import { escapeLatex, toLatex } from '../../src-main/export/latex';
import { buildRunTable } from '../../src-main/export/table';
import { SWEPT, sweepRuns } from './fixtures';

describe('escapeLatex', () => {
  it('escapes every special character exactly once', () => {
    expect(escapeLatex('&')).toBe('\\&');
    expect(escapeLatex('%')).toBe('\\%');
    expect(escapeLatex('$')).toBe('\\$');
    expect(escapeLatex('#')).toBe('\\#');
    expect(escapeLatex('_')).toBe('\\_');
    expect(escapeLatex('{')).toBe('\\{');
    expect(escapeLatex('}')).toBe('\\}');
    expect(escapeLatex('~')).toBe('\\textasciitilde{}');
    expect(escapeLatex('^')).toBe('\\textasciicircum{}');
    expect(escapeLatex('\\')).toBe('\\textbackslash{}');
    // The braces that \textbackslash{} brings must not be escaped in turn.
    expect(escapeLatex('a&b%c$d#e_f{g}h~i^j\\k')).toBe(
      'a\\&b\\%c\\$d\\#e\\_f\\{g\\}h\\textasciitilde{}i\\textasciicircum{}j\\textbackslash{}k',
    );
    expect(escapeLatex('two\nlines')).toBe('two lines');
  });
});

describe('toLatex', () => {
  const runs = sweepRuns();
  runs[0].params['data.name'] = '50% R&D_{v2}';
  const tex = toLatex(buildRunTable(runs, [...SWEPT, 'data.name']), { caption: 'Iris: lr × hidden, 70% train', label: 'tab:iris-sweep' });
  const lines = tex.split('\n');
  const rowOf = (id: number) => lines.find((l) => l.trim().startsWith(`${id} & `))!;

  it('is a booktabs table environment with a note about the package', () => {
    expect(lines[0]).toMatch(/^%.*\\usepackage\{booktabs\}/);
    const at = (s: string) => lines.findIndex((l) => l.trim() === s);
    expect(at('\\begin{table}[htbp]')).toBeGreaterThan(0);
    expect(at('\\toprule')).toBeGreaterThan(at('\\begin{table}[htbp]'));
    expect(at('\\midrule')).toBe(at('\\toprule') + 2);
    expect(at('\\bottomrule')).toBe(at('\\midrule') + 4 + 1);
    expect(at('\\end{table}')).toBeGreaterThan(at('\\bottomrule'));
    expect(tex).toContain('\\caption{Iris: lr × hidden, 70\\% train}');
    expect(tex).toContain('\\label{tab:iris-sweep}');
  });

  it('right-aligns numeric columns and left-aligns text', () => {
    // run, status, lr, hidden, data.name, 7 metrics, 3 curve events, duration
    expect(tex).toContain('\\begin{tabular}{rllrrl' + 'r'.repeat(11) + '}');
  });

  it('escapes headers and cells', () => {
    expect(tex).toContain('run & status & backend & train.lr & model.hidden & data.name & train\\_loss & train\\_acc & val\\_loss');
    expect(rowOf(1)).toContain(' & 50\\% R\\&D\\_\\{v2\\} & ');
    expect(rowOf(1).trim().endsWith('\\\\')).toBe(true);
  });

  it('bolds the best value per metric and nothing in the failed run', () => {
    expect(rowOf(2)).toContain('\\textbf{0.9300}');
    expect(rowOf(2)).toContain('\\textbf{0.2500}');
    expect(rowOf(1)).toContain('\\textbf{0.9700}');
    expect(rowOf(1)).toContain('& 0.9000 &');
    expect(rowOf(3)).not.toContain('\\textbf');
    expect(tex.match(/\\textbf\{/g)).toHaveLength(6);
  });

  it('refuses a label that would break \\label{}', () => {
    expect(() => toLatex(buildRunTable(runs, SWEPT), { label: 'tab:a}b' })).toThrow(/label/);
    expect(() => toLatex(buildRunTable(runs, SWEPT), { label: 'has space' })).toThrow(RangeError);
  });
});
