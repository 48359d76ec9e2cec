// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import FramePlayer from '../../src-renderer/src/components/run/FramePlayer.vue';
import type { Frame, RunRecord } from '../../src-renderer/src/shared';
import { planeFrame } from '../frames/frameFixtures';
import { createFakeApi, flush, type FakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

/** A 2D context that keeps what is put on its canvas, enough for the frame drawings. */
function fakeContext(canvas: HTMLCanvasElement) {
  let pixels = new Uint8ClampedArray(4);
  return {
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    save() {},
    restore() {},
    translate() {},
    fillRect() {},
    fillText() {},
    measureText: (t: string) => ({ width: t.length * 7 }),
    createImageData: (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
    putImageData(img: { data: Uint8ClampedArray }) {
      if (pixels.length !== canvas.width * canvas.height * 4) pixels = new Uint8ClampedArray(canvas.width * canvas.height * 4);
      pixels.set(img.data.subarray(0, pixels.length));
      canvas.dataset.checksum = String(img.data.reduce((a, b, i) => (a + b * ((i % 97) + 1)) % 1_000_003, 0));
    },
    getImageData: () => ({ data: pixels }),
  };
}

const moons = (n: number): Frame[] => Array.from({ length: n }, (_, i) => planeFrame(i, { shift: -0.8 + (1.6 * i) / n }));
const scatter = { featureNames: ['x', 'y'], points: [[0.5, 0.5], [-0.5, -0.5]], labels: [1, 0], total: 2, plane: { x: [-1, 1], y: [-1, 1] } };

function setup(run: RunRecord, frames: Frame[]): FakeApi {
  return createFakeApi({
    runFrames: ({ sinceSeq }) => ({ runId: run.id, kind: frames.length ? 'plane' : null, plannedSteps: 100, frames: frames.filter((f) => sinceSeq === undefined || f.seq > sinceSeq) }),
    datasetSamples: () => ({ name: 'moons', classes: ['0', '1'], images: null, labels: [], classCounts: [1, 1], featureNames: ['x', 'y'], rows: [], source: 'generated', scatter }) as never,
    saveFile: ({ suggestedName }) => ({ saved: true, path: `/tmp/${suggestedName}` }),
  });
}

async function mountPlayer(run: RunRecord, frames: Frame[]) {
  const api = setup(run, frames);
  const { wrapper } = await mountWithApp(FramePlayer, api, { props: { run, sweepName: 'moons' } });
  await flush();
  await new Promise((r) => setTimeout(r, 0));
  await flush();
  return { api, wrapper };
}
const canvasOf = (w: Awaited<ReturnType<typeof mountPlayer>>['wrapper']) => w.get('[data-testid="frame-canvas"]');

describe('FramePlayer', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
      return ((this as unknown as { _ctx?: unknown })._ctx ??= fakeContext(this));
    } as unknown as HTMLCanvasElement['getContext'];
  });
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('opens a finished run at its last frame, and play runs from the start, the picture changing', async () => {
    const { wrapper } = await mountPlayer(runRecord({ id: 3 }), moons(5));
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('4');
    expect(wrapper.get('[data-testid="frame-readout"]').text()).toBe('frame 5 of 5 · step 40 · epoch 4 · loss 0.2000');
    const last = canvasOf(wrapper).attributes('data-checksum');
    await wrapper.get('[data-testid="frame-play"]').trigger('click');
    await flush();
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('0');
    expect(canvasOf(wrapper).attributes('data-checksum')).not.toBe(last);
    const first = canvasOf(wrapper).attributes('data-checksum');
    vi.advanceTimersByTime(100);
    await flush();
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('1');
    expect(canvasOf(wrapper).attributes('data-checksum')).not.toBe(first);
    // 2× speed: 50 ms a frame. To the end, where a finished run stops.
    await wrapper.get('[data-testid="frame-speed"]').setValue('2');
    vi.advanceTimersByTime(50 * 10);
    await flush();
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('4');
    expect(wrapper.get('[data-testid="frame-play"]').attributes('aria-pressed')).toBe('false');
    // Each step is reported for the cursor on the loss curve.
    // (Before the frames load: null, no cursor; steps a single tick skipped over are not reported.)
    expect(wrapper.emitted('step')!.map(([s]) => s)).toEqual([null, 40, 0, 10, 40]);
    wrapper.unmount();
  });

  it('scrubs with the slider and steps with the keyboard (arrows, space, Home/End)', async () => {
    const { wrapper } = await mountPlayer(runRecord({ id: 3 }), moons(8));
    await wrapper.get('[data-testid="frame-slider"]').setValue('2');
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('2');
    const keys = wrapper.get('[data-testid="frame-player-keys"]');
    await keys.trigger('keydown', { key: 'ArrowRight' });
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('3');
    await keys.trigger('keydown', { key: 'ArrowLeft' });
    await keys.trigger('keydown', { key: 'ArrowLeft' });
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('1');
    await keys.trigger('keydown', { key: 'End' });
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('7');
    await keys.trigger('keydown', { key: 'Home' });
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('0');
    await keys.trigger('keydown', { key: ' ' });
    expect(wrapper.get('[data-testid="frame-play"]').attributes('aria-pressed')).toBe('true');
    await keys.trigger('keydown', { key: ' ' });
    expect(wrapper.get('[data-testid="frame-play"]').attributes('aria-pressed')).toBe('false');
    wrapper.unmount();
  });

  it('follows a live run: new frames arrive after progress events and the latest shows', async () => {
    const frames = moons(3);
    const run = runRecord({ id: 5, status: 'running' });
    const { api, wrapper } = await mountPlayer(run, frames);
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('2');
    frames.push(...moons(5).slice(3));
    api.emit('run-progress', { progress: { runId: 5 } as never, points: [] });
    await new Promise((r) => setTimeout(r, 1100));
    await flush();
    expect(api.callsOf('runFrames').at(-1)).toEqual({ id: 5, sinceSeq: 2 });
    expect(canvasOf(wrapper).attributes('data-seq')).toBe('4');
    wrapper.unmount();
  });

  it('saves the animation as a GIF', async () => {
    const { api, wrapper } = await mountPlayer(runRecord({ id: 3 }), moons(4));
    await wrapper.get('[data-testid="save-gif"]').trigger('click');
    await flush();
    const [req] = api.callsOf('saveFile') as { suggestedName: string; base64: string }[];
    expect(req.suggestedName).toBe('moons-run-3.gif');
    expect(atob(req.base64).slice(0, 6)).toBe('GIF89a');
    wrapper.unmount();
  });

  it('says why there is nothing to play when the run recorded no frames', async () => {
    const { wrapper } = await mountPlayer(runRecord({ id: 3 }), []);
    expect(wrapper.get('[data-testid="frames-empty"]').text()).toBe('This run recorded no frames (frames are on by default for two-feature data; set frames.enabled for image data).');
    expect(wrapper.find('[data-testid="frame-play"]').exists()).toBe(false);
    expect((wrapper.get('[data-testid="save-gif"]').element as HTMLButtonElement).disabled).toBe(true);
    wrapper.unmount();
  });
});
