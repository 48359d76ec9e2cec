// @vitest-environment happy-dom
/**
 * The Analysis section: parallel coordinates drawn in batched paths, brushing by drag, by
 * click and by keyboard into the sweep's shared view state, importance bars in order,
 * "too few trials to say", slice plots marking pruned trials, and a hidden section where
 * the server has no `importance`.
 */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import AnalysisPanel from '../../src-renderer/src/components/analysis/AnalysisPanel.vue';
import type { RunRecord, SweepDetail } from '../../src-renderer/src/shared';
import { useSweepViewStore } from '../../src-renderer/src/stores/sweepView';
import { createFakeApi, fail, importanceReport, summary } from './fakeApi';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

/** A 2D context that does nothing but count what it is asked to do, per canvas (all canvases: `calls`). */
const calls: Record<string, number> = {};
const perCanvas = new WeakMap<HTMLCanvasElement, Record<string, number>>();
function fakeContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const own: Record<string, number> = {};
  perCanvas.set(canvas, own);
  const count = (key: string) => ((calls[key] = (calls[key] ?? 0) + 1), (own[key] = (own[key] ?? 0) + 1));
  return new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) => (key in target ? target[key] : () => void count(String(key))),
    set: (target, key, value) => ((target[key] = value), true),
  }) as unknown as CanvasRenderingContext2D;
}

const ctxOf = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();

function detail(runs: RunRecord[]): SweepDetail {
  return {
    sweep: { id: 1, name: 'lr', config: { search: { strategy: 'random', params: {} } } as unknown as SweepDetail['sweep']['config'], status: 'completed', createdAt: 0, startedAt: 0, finishedAt: null } as unknown as SweepDetail['sweep'],
    summary: summary({ id: 1, trials: runs.length }),
    runs,
    sweptKeys: ['train.lr', 'train.seed'],
    bestRunId: null,
    active: false,
  };
}

const report = importanceReport(40);
const runs = report.trials.map((t) => runRecord({ id: t.runId, status: t.status, params: t.params, metrics: { val_acc: t.value } }));

async function mountPanel(handler = () => report) {
  const api = createFakeApi({ importance: handler });
  const { wrapper } = await mountWithApp(AnalysisPanel, api, { props: { detail: detail(runs) } });
  await flushPromises();
  return { wrapper, api, state: useSweepViewStore().stateOf(1) };
}

describe('AnalysisPanel', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
      return perCanvas.has(this) ? ctxOf.get(this)! : (ctxOf.set(this, fakeContext(this)), ctxOf.get(this)!);
    } as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => {
    document.body.innerHTML = '';
    for (const k of Object.keys(calls)) delete calls[k];
  });

  it('draws every run on the parallel coordinates in a few paths and reports its render time', async () => {
    const { wrapper, api } = await mountPanel();
    expect(api.callsOf('importance')).toEqual([{ sweepId: 1 }]);
    const pcp = wrapper.get('[data-testid="pcp"]');
    expect(pcp.attributes('data-runs')).toBe('40');
    expect(Number(pcp.attributes('data-render-ms'))).toBeGreaterThanOrEqual(0);
    expect(wrapper.findAll('[data-testid="pcp-axis"]').map((a) => a.attributes('data-key'))).toEqual(['train.lr', 'train.seed', 'val_acc']);
    // One path per colour bucket (plus the faint one and the axes), not one per run.
    const drawn = perCanvas.get(wrapper.get('[data-testid="pcp-canvas"]').element as HTMLCanvasElement)!;
    expect(drawn.beginPath).toBeLessThan(40);
    expect(drawn.lineTo).toBeGreaterThanOrEqual(40 * 2);
    expect(wrapper.get('[data-testid="pcp-selected"]').text()).toBe('40 of 40 runs selected');
    expect(wrapper.get('[data-testid="pcp-legend"]').text()).toMatch(/val_acc 0\.5.*0\.9/);
  });

  it('draws a 1,000-run sweep with a bounded number of paths: one walk over runs × axes', async () => {
    const big = importanceReport(1000);
    const many = big.trials.map((t) => runRecord({ id: t.runId, status: t.status, params: t.params, metrics: { val_acc: t.value } }));
    const api = createFakeApi({ importance: () => big });
    const { wrapper } = await mountWithApp(AnalysisPanel, api, { props: { detail: detail(many) } });
    await flushPromises();
    const drawn = perCanvas.get(wrapper.get('[data-testid="pcp-canvas"]').element as HTMLCanvasElement)!;
    const frames = drawn.setTransform;
    // Per frame: at most one path per colour bucket, the faint one, and one per axis.
    expect(drawn.beginPath / frames).toBeLessThanOrEqual(24 + 1 + 3);
    // Every run is one moveTo and two lineTos (three axes), nothing more.
    expect(drawn.lineTo / frames).toBe(1000 * 2 + 3);
    expect(wrapper.get('[data-testid="pcp-selected"]').text()).toBe('1000 of 1000 runs selected');
  });

  it('brushes by dragging along an axis, into the shared view state; clear removes it', async () => {
    const { wrapper, state } = await mountPanel();
    const pcp = wrapper.get('[data-testid="pcp"]');
    // The lr axis is the first, at x = 44; the plot runs from y = 30 (t = 1) to y = 294 (t = 0).
    await pcp.trigger('pointerdown', { clientX: 44, clientY: 30 });
    await pcp.trigger('pointermove', { clientX: 44, clientY: 100 });
    await pcp.trigger('pointerup', { clientX: 44, clientY: 162 });
    const brush = state.brushes['train.lr'];
    expect(brush?.kind).toBe('range');
    if (brush?.kind !== 'range') return;
    expect(brush.max).toBeCloseTo(1, 9);
    expect(brush.min).toBeCloseTo(1e-2, 9);
    // lr = 10^(-4 + 4i/39) ≥ 1e-2 for i ≥ 19.5: 20 runs.
    expect(wrapper.get('[data-testid="pcp-selected"]').text()).toBe('20 of 40 runs selected');
    await wrapper.get('[data-testid="pcp-clear"]').trigger('click');
    expect(state.brushes).toEqual({});
    expect(wrapper.get('[data-testid="pcp-selected"]').text()).toBe('40 of 40 runs selected');
  });

  it('picks categories by click, combines brushes, and keeps brushes of other views', async () => {
    const { wrapper, state } = await mountPanel();
    state.brushes = { loss: { kind: 'range', min: 0, max: 1 } };
    await flushPromises();
    const pcp = wrapper.get('[data-testid="pcp"]');
    // The seed axis is in the middle (x = 44 + (800 − 108) / 2 = 390); its slot 0 is the bottom third.
    await pcp.trigger('pointerdown', { clientX: 390, clientY: 250 });
    await pcp.trigger('pointerup', { clientX: 390, clientY: 250 });
    expect(state.brushes['train.seed']).toEqual({ kind: 'values', values: ['0'] });
    expect(state.brushes.loss).toBeDefined();
    await wrapper.get('[data-testid="pcp-clear"]').trigger('click');
    expect(Object.keys(state.brushes)).toEqual(['loss']);
  });

  it('brushes from the keyboard on a focused axis', async () => {
    const { wrapper, state } = await mountPanel();
    const axis = wrapper.findAll('[data-testid="pcp-axis"]')[0];
    expect(axis.attributes('tabindex')).toBe('0');
    await axis.trigger('keydown', { key: 'ArrowUp' });
    expect(state.brushes['train.lr']).toMatchObject({ kind: 'range' });
    expect(wrapper.get('[data-testid="pcp-selected"]').text()).toMatch(/^(19|20|21) of 40/);
    expect(axis.attributes('aria-label')).toMatch(/train\.lr axis: 0\.001 to 0\.1/);
    await axis.trigger('keydown', { key: 'Escape' });
    expect(state.brushes['train.lr']).toBeUndefined();
  });

  it('lists importance most important first, with slices that mark pruned trials', async () => {
    const { wrapper } = await mountPanel();
    const rows = wrapper.findAll('[data-testid="importance-row"]');
    expect(rows.map((r) => r.attributes('data-key'))).toEqual(['train.lr', 'train.seed']);
    expect(rows[0].text()).toContain('80.0 % ± 5.0 %');
    expect(rows[0].text()).toContain('+0.99');
    const slices = wrapper.findAll('[data-testid="slice-plot"]');
    expect(slices.map((s) => [s.attributes('data-key'), s.attributes('data-points'), s.attributes('data-pruned')])).toEqual([['train.lr', '40', '8'], ['train.seed', '40', '8']]);
    expect(wrapper.find('[data-testid="contour"]').exists()).toBe(false); // one numeric parameter: no pair
  });

  it('draws a contour when two parameters are numeric', async () => {
    const r = importanceReport(12);
    r.params[1] = { key: 'train.seed', kind: 'numeric', log: false, integer: true, min: 0, max: 2, values: [], conditional: false };
    const { wrapper } = await mountPanel(() => r);
    expect(wrapper.get('[data-testid="contour"]').attributes('data-points')).toBe('12');
    expect(calls.fillRect).toBeGreaterThan(40 * 40 - 1);
  });

  it('says "too few trials to say" below the minimum', async () => {
    const { wrapper } = await mountPanel(() => importanceReport(6));
    expect(wrapper.get('[data-testid="importance-too-few"]').text()).toContain('Too few trials to say: 6 finished');
    expect(wrapper.findAll('[data-testid="importance-row"]')).toHaveLength(0);
  });

  it('stays hidden where the server has no importance, and shows other errors', async () => {
    const none = await mountPanel(() => { throw fail('UNAVAILABLE', 'no'); });
    expect(none.wrapper.find('[data-testid="analysis-section"]').exists()).toBe(false);
    const broken = await mountPanel(() => { throw fail('INTERNAL', 'disk on fire'); });
    expect(broken.wrapper.get('[data-testid="analysis-section"]').text()).toContain('disk on fire');
  });
});
