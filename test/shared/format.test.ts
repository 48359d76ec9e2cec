import { describe, expect, it } from 'vitest';
import { formatCompact, formatDurationMs, formatMetric, formatParamValue } from '../../src-main/shared/format';
import { paramLabel, runLabel } from '../../src-main/shared/runLabel';

const SWEPT = ['train.lr', 'model.hidden'];

describe('numbers as people read them', () => {
  it('prints params compactly: as typed, integers exact, float noise hidden', () => {
    expect(formatCompact(0.001)).toBe('0.001');
    expect(formatCompact(0.0001)).toBe('0.0001');
    expect(formatCompact(0.1 + 0.2)).toBe('0.3');
    expect(formatCompact(128)).toBe('128');
    expect(formatCompact(1234567)).toBe('1234567');
    expect(formatParamValue([64, 32])).toBe('64-32');
    expect(formatParamValue('adamw')).toBe('adamw');
    expect(formatParamValue(undefined)).toBe('—');
  });

  it('prints metrics to four decimals, tiny and huge ones to four significant digits, a diverged one as it is', () => {
    expect(formatMetric(0.31234567)).toBe('0.3123');
    expect(formatMetric(0.9)).toBe('0.9000');
    expect(formatMetric(0)).toBe('0.0000');
    expect(formatMetric(0.00001234)).toBe('0.00001234');
    expect(formatMetric(123456.7)).toBe('1.235e+5');
    expect(formatMetric(NaN)).toBe('NaN');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(0.31234567, 2)).toBe('0.31');
  });

  it('prints durations given in milliseconds in words', () => {
    expect(formatDurationMs(95_000)).toBe('1 min 35 s');
    expect(formatDurationMs(7_300_000)).toBe('2 h 1 min');
    expect(formatDurationMs(7_200_000)).toBe('2 h');
    expect(formatDurationMs(12_345)).toBe('12 s');
    expect(formatDurationMs(120)).toBe('< 1 s');
    expect(formatDurationMs(null)).toBe('—');
    expect(formatDurationMs(NaN)).toBe('—');
  });
});

describe('run labels', () => {
  it('names the swept values by the last segment of their keys', () => {
    expect(paramLabel({ 'train.lr': 0.01, 'model.hidden': [10] }, SWEPT)).toBe('lr=0.01, hidden=10');
    expect(paramLabel({ 'train.lr': 0.001, 'model.hidden': [64, 32] }, SWEPT)).toBe('lr=0.001, hidden=64-32');
  });

  it('keeps full keys where short ones would collide, and skips missing params', () => {
    expect(paramLabel({ 'train.lr': 0.1, 'finetune.lr': 0.01 }, ['train.lr', 'finetune.lr'])).toBe('train.lr=0.1, finetune.lr=0.01');
    expect(paramLabel({ 'train.lr': 0.1 }, SWEPT)).toBe('lr=0.1');
  });

  it('is the run and its swept values, or the run alone when nothing was swept', () => {
    expect(runLabel({ id: 5, params: { 'train.lr': 0.01, 'model.hidden': [10] } }, SWEPT)).toBe('run 5: lr=0.01, hidden=10');
    expect(runLabel({ id: 5, params: {} }, [])).toBe('run 5');
    expect(runLabel({ id: 5, params: {} }, SWEPT)).toBe('run 5');
  });
});
