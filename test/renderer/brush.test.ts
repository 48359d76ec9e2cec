import { describe, expect, it } from 'vitest';
import { passesBrush, passesBrushes, valueKey } from '../../src-renderer/src/lib/brush';

describe('the brush rule', () => {
  it('a range takes finite numbers inside it, ends included; one layer’s width [37] counts as 37', () => {
    const r = { kind: 'range' as const, min: 0.01, max: 0.1 };
    expect([0.01, 0.05, 0.1].map((v) => passesBrush(v, r))).toEqual([true, true, true]);
    expect([0.009, 0.11, NaN, '0.05', null, undefined].map((v) => passesBrush(v, r))).toEqual([false, false, false, false, false, false]);
    expect(passesBrush([37], { kind: 'range', min: 30, max: 40 })).toBe(true);
    expect(passesBrush([37, 10], { kind: 'range', min: 0, max: 100 })).toBe(false);
  });

  it('values compare by JSON, so layer lists and strings both work', () => {
    const b = { kind: 'values' as const, values: [valueKey('relu'), valueKey([64, 32])] };
    expect(passesBrush('relu', b)).toBe(true);
    expect(passesBrush([64, 32], b)).toBe(true);
    expect(passesBrush([64], b)).toBe(false);
  });

  it('every brush must hold; a run without a value on a brushed axis does not pass', () => {
    const brushes = { 'train.lr': { kind: 'range' as const, min: 0, max: 0.1 }, 'model.width.2': { kind: 'range' as const, min: 0, max: 100 } };
    expect(passesBrushes((k) => ({ 'train.lr': 0.05, 'model.width.2': 50 })[k], brushes)).toBe(true);
    expect(passesBrushes((k) => ({ 'train.lr': 0.05 })[k as 'train.lr'], brushes)).toBe(false);
    expect(passesBrushes(() => undefined, {})).toBe(true);
  });
});
