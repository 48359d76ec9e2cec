import { describe, expect, it } from 'vitest';
import { normalizeArtifactPath } from '../../src-main/store/artifactRepository';
import { seedSweep, tempDbFile, tempStore } from './helpers';
import { openStore } from '../../src-main/store/store';

describe('settings', () => {
  it('round-trip JSON values, overwrite, list and remove', () => {
    const store = tempStore();
    expect(store.settings.get('dataDir')).toBeUndefined();
    store.settings.set('dataDir', '/data');
    store.settings.set('window', { width: 1280, height: 800 });
    store.settings.set('window', { width: 1440, height: 900 });
    store.settings.set('telemetry', false);
    store.settings.set('recent', null);
    expect(store.settings.get<{ width: number }>('window')!.width).toBe(1440);
    expect(store.settings.get('telemetry')).toBe(false);
    expect(store.settings.all()).toEqual({ dataDir: '/data', recent: null, telemetry: false, window: { width: 1440, height: 900 } });
    store.settings.remove('dataDir');
    expect(store.settings.get('dataDir')).toBeUndefined();
    expect(() => store.settings.set('x', undefined)).toThrow('has no JSON form');
  });

  it('persist across re-opening', () => {
    const file = tempDbFile();
    const first = openStore(file);
    first.settings.set('defaultBackend', 'wasm');
    first.close();
    expect(tempStore({}, file).settings.get('defaultBackend')).toBe('wasm');
  });
});

describe('artifacts', () => {
  it('are recorded per run with a normalised relative path', () => {
    const store = tempStore({ now: () => 9 });
    const { runs } = seedSweep(store, 2);
    const a = store.artifacts.add(runs[0].id, 'weights', 'sweep-1\\run-1\\weights.json', 1234);
    store.artifacts.add(runs[0].id, 'predictions', './sweep-1/run-1/predictions.csv', null);
    expect(a).toEqual({ id: a.id, runId: runs[0].id, kind: 'weights', path: 'sweep-1/run-1/weights.json', bytes: 1234, createdAt: 9 });
    expect(store.artifacts.list(runs[0].id).map((x) => x.path)).toEqual(['sweep-1/run-1/weights.json', 'sweep-1/run-1/predictions.csv']);
    expect(store.artifacts.list(runs[1].id)).toEqual([]);
    expect(() => store.artifacts.add(9999, 'weights', 'x.json', 1)).toThrow(/FOREIGN KEY/);
  });

  it('refuse paths that are absolute or leave the artifacts folder', () => {
    for (const bad of ['/etc/passwd', 'C:\\Users\\x', '../outside.json', 'a/../../b', '', '.'])
      expect(() => normalizeArtifactPath(bad), bad).toThrow(RangeError);
    expect(normalizeArtifactPath('a/../b/c.json')).toBe('b/c.json');
  });
});
