// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import RungView from '../../src-renderer/src/components/sweep/RungView.vue';
import { tunerTrial, tunerView } from './fakeApi';

const view = tunerView({
  trials: [
    tunerTrial({ trialIndex: 0, status: 'completed', value: 0.8, epochs: 9 }),
    tunerTrial({ trialIndex: 1, status: 'pruned', value: 0.6, epochs: 1, note: 'stopped at epoch 1: val_acc 0.6 is not in the top 1 of 3 runs at rung 1' }),
    tunerTrial({ trialIndex: 2, status: 'pruned', value: 0.7, epochs: 3 }),
    tunerTrial({ trialIndex: 3, status: 'completed', value: 0.9, epochs: 9 }),
    tunerTrial({ trialIndex: 4, status: 'running', value: 0.5, epochs: 2, finishedAt: null }),
  ],
});

const bars = (w: ReturnType<typeof mount>) => w.findAll('[data-testid="rung-bar"]');

describe('RungView', () => {
  it('counts per rung the trials that reached it and went on', () => {
    const w = mount(RungView, { props: { view } });
    expect(w.findAll('[data-testid="rung-count"]').map((li) => li.text())).toEqual([
      'rung 1: 5 trials reached, 4 promoted',
      'rung 3: 3 trials reached, 2 promoted',
      'rung 9: 2 trials reached (the last epoch)',
    ]);
    expect(w.findAll('[data-testid="rung-line"]').map((l) => l.attributes('data-epoch'))).toEqual(['1', '3', '9']);
    // Rung 3 of 9 epochs sits a third of the way along.
    expect(w.findAll('[data-testid="rung-line"]')[1].attributes('style')).toMatch(/left: 33\.3+\d*%/);
  });

  it('draws one bar per trial, as long as its epochs and coloured by its status', () => {
    const w = mount(RungView, { props: { view } });
    expect(bars(w).map((b) => b.attributes('data-status'))).toEqual(['completed', 'pruned', 'pruned', 'completed', 'running']);
    const bar = (i: number) => bars(w)[i].find('.bar');
    expect(bar(1).classes()).toContain('s-pruned');
    expect(bar(0).classes()).toContain('s-completed');
    // 9 epochs is the full width; 3 epochs a third of it.
    const width = (i: number) => parseFloat(bar(i).attributes('style')!.match(/width: ([\d.]+)%/)![1]);
    expect(width(0)).toBe(100);
    expect(width(2)).toBeCloseTo(100 / 3);
    expect(bars(w)[1].attributes('title')).toContain('stopped at epoch 1');
  });

  it('orders the bars by value, best first, on request', async () => {
    const w = mount(RungView, { props: { view } });
    await w.get('[data-testid="rung-sort-value"]').setValue(true);
    expect(bars(w).map((b) => b.text().match(/#(\d+)/)?.[1])).toEqual(['3', '0', '2', '1', '4']);
  });

  it('stays compact with a hundred trials: thin unlabelled rows', () => {
    const many = tunerView({ trials: Array.from({ length: 150 }, (_, i) => tunerTrial({ trialIndex: i, status: i % 3 ? 'pruned' : 'completed', value: i / 150, epochs: i % 3 ? 1 : 9 })) });
    const w = mount(RungView, { props: { view: many } });
    expect(bars(w)).toHaveLength(150);
    expect(w.findAll('.label')).toHaveLength(0);
    expect(bars(w)[0].attributes('style')).toContain('height: 4px');
    expect(w.findAll('[data-testid="rung-count"]')[0].text()).toBe('rung 1: 150 trials reached, 50 promoted');
  });

  it('explains a median pruner that has no rungs', () => {
    const w = mount(RungView, { props: { view: tunerView({ pruner: { type: 'median' }, rungs: [], trials: [tunerTrial({ trialIndex: 0, status: 'pruned', epochs: 2 })] }) } });
    expect(w.find('[data-testid="rung-counts"]').exists()).toBe(false);
    expect(w.text()).toContain('median');
  });
});
