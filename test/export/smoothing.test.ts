import { describe, expect, it } from 'vitest';
import { lossCurvesChart } from '../../src-main/export/chartSpecs';
import { emaSmooth } from '../../src-main/export/smoothing';

describe('EMA smoothing with bias correction', () => {
  it('starts at the first value instead of rising from zero', () => {
    const s = emaSmooth([{ x: 1, y: 2 }, { x: 2, y: 2 }, { x: 3, y: 2 }], 0.9);
    expect(s.map((p) => p.y)).toEqual([2, 2, 2].map((v) => expect.closeTo(v, 12)));
  });

  it('matches the formula on a step', () => {
    const w = 0.5;
    const s = emaSmooth([{ x: 0, y: 0 }, { x: 1, y: 4 }], w);
    // s1 = 0.5·0 → 0/(1−0.5) = 0; s2 = 0.5·0 + 0.5·4 = 2 → 2/(1−0.25) = 8/3
    expect(s[0].y).toBe(0);
    expect(s[1].y).toBeCloseTo(8 / 3, 12);
  });

  it('skips non-finite values and keeps x', () => {
    const s = emaSmooth([{ x: 1, y: 1 }, { x: 2, y: NaN }, { x: 3, y: 1 }], 0.6);
    expect(s.map((p) => p.x)).toEqual([1, 3]);
  });

  it('weight 0 is the raw curve; out-of-range weights are refused', () => {
    const raw = [{ x: 1, y: 3 }, { x: 2, y: 1 }];
    expect(emaSmooth(raw, 0)).toEqual(raw);
    expect(() => emaSmooth(raw, 1)).toThrow(RangeError);
  });

  it('a smoothed chart draws the raw curve faint behind, and leaves it out of the legend', () => {
    const cfg = lossCurvesChart([{ runId: 1, label: 'a', points: [{ x: 1, y: 1 }, { x: 2, y: 0 }] }], { title: 't', xLabel: 'x', yLabel: 'y', smoothing: 0.9 });
    expect(cfg.data.datasets).toHaveLength(2);
    expect(String(cfg.data.datasets[0].borderColor)).toMatch(/^rgba\(/);
    const labels = cfg.options!.plugins!.legend!.labels!.generateLabels!({
      data: cfg.data,
      isDatasetVisible: () => true,
    } as never);
    expect(labels.map((l) => l.text)).toEqual(['a']);
  });
});
