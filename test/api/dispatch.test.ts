import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../src-main/api/contract';
import { HANDLERS } from '../../src-main/api/handlers';
import type { AppServices } from '../../src-main/api/services';
import { failure, openServices, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let s: AppServices;

beforeEach(() => {
  t = tempDir();
  s = openServices(t.dir);
});
afterEach(async () => {
  await s.close();
  t.cleanup();
});

const fails = (method: string, payload: unknown) => failure(s, method, payload);

describe('dispatch', () => {
  it('has a handler for every method of the contract, and no other', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers an unknown method with BAD_INPUT, including names on Object.prototype', async () => {
    for (const method of ['nope', 'constructor', '__proto__', 'toString']) {
      const e = await fails(method, {});
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toContain('unknown method');
    }
  });

  it.each([
    ['getSweep', { id: 0 }, 'id', 'must be a positive integer'],
    ['getSweep', { id: 1.5 }, 'id', 'must be a positive integer'],
    ['getSweep', { id: '3' }, 'id', 'must be a positive integer'],
    ['getSweep', {}, 'id', 'is required'],
    ['getSweep', { id: 1, extra: true }, 'extra', 'unknown key'],
    ['getSweep', undefined, '(payload)', ''],
    ['metrics', { runIds: [], keys: ['loss'] }, 'runIds', 'at least one'],
    ['metrics', { runIds: Array.from({ length: 101 }, (_, i) => i + 1), keys: ['loss'] }, 'runIds', 'at most 100'],
    ['metrics', { runIds: [1, -2], keys: ['loss'] }, 'runIds[1]', 'must be a positive integer'],
    ['metrics', { runIds: [1], keys: ['loss'], maxPoints: 1 }, 'maxPoints', '≥ 2'],
    ['metrics', { runIds: [1], keys: ['loss'], maxPoints: 100_001 }, 'maxPoints', '≤ 100000'],
    ['runPredictions', { id: 1, count: 101 }, 'count', '≤ 100'],
    ['datasetSamples', { name: 'mnist', count: 4, seed: 0 }, 'name', 'must be one of'],
    ['datasetSamples', { name: 'iris', count: 1000, seed: 0 }, 'count', '≤ 100'],
    ['datasetSamples', { name: 'csv', count: 4, seed: 0 }, 'path', 'is required'],
    ['exportTable', { sweepId: 1, format: 'xlsx' }, 'format', 'must be one of csv, md, latex'],
    ['formatConfig', { config: {}, format: 'toml' }, 'format', 'must be one of json, yaml'],
    ['setSettings', { concurrency: 0 }, 'concurrency', '≥ 1'],
    ['setSettings', { backend: 'cuda' }, 'backend', 'must be one of'],
    // The default backend is TensorFlow.js's: a scratch backend is not one.
    ['setSettings', { backend: 'native' }, 'backend', 'must be one of auto, tensorflow, wasm, cpu'],
    ['setSettings', { backend: 'js' }, 'backend', 'must be one of auto, tensorflow, wasm, cpu'],
    ['listRuns', { status: ['done'] }, 'status[0]', 'must be one of'],
    ['listSweeps', { id: 1 }, '(payload)', 'takes no arguments'],
    ['runArtifact', { id: 1, path: '' }, 'path', 'must not be empty'],
    ['fetchDataset', { name: 'iris' }, 'name', 'fashion-mnist'],
  ])('%s %j → BAD_INPUT naming %s', async (method, payload, field, words) => {
    const e = await fails(method, payload);
    expect(e.code).toBe('BAD_INPUT');
    // `(payload)` stands for the whole request, which the method already names.
    expect(e.message.startsWith(field === '(payload)' ? `${method}: ` : `${method}: ${field}`)).toBe(true);
    expect(e.message).toContain(words);
    expect(e.issues?.[0].path).toBe(field);
  });

  it('accepts no payload, null or {} for methods without arguments', async () => {
    for (const payload of [undefined, null, {}]) expect((await s.dispatch('listSweeps', payload)).ok).toBe(true);
  });

  it('answers config problems as BAD_INPUT with field issues for the form', async () => {
    const e = await fails('createSweep', { config: { name: 'x', dataset: { name: 'iris' }, model: { hidden: [4] }, train: { epochs: 1, batchSize: 8, lr: -1 } } });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toContainEqual({ path: 'train.lr', message: 'must be > 0' });
    expect(e.message).toContain('train.lr: must be > 0');
  });

  it('maps missing records to NOT_FOUND', async () => {
    for (const [method, payload] of [['getSweep', { id: 99 }], ['getRun', { id: 99 }], ['exportTable', { sweepId: 99, format: 'csv' }], ['deleteSweep', { id: 99 }], ['runPredictions', { id: 99 }]] as const) {
      const e = await fails(method, payload);
      expect(e.code, method).toBe('NOT_FOUND');
      expect(e.message).toContain('99');
    }
  });

  it('answers the desktop-only methods with UNAVAILABLE until the shell provides them', async () => {
    expect((await fails('openConfigFile', undefined)).code).toBe('UNAVAILABLE');
    expect((await fails('chooseFolder', {})).code).toBe('UNAVAILABLE');
    expect((await fails('saveFile', { suggestedName: 'a.txt', base64: 'aGk=' })).code).toBe('UNAVAILABLE');
    s.setPlatform({ saveFile: async (req) => ({ saved: true, path: `/tmp/${req.suggestedName}` }) });
    expect(await s.dispatch('saveFile', { suggestedName: 'a.txt', base64: 'aGk=' })).toEqual({ ok: true, data: { saved: true, path: '/tmp/a.txt' } });
  });

  it('turns an unexpected error into INTERNAL with its message, never a rejection', async () => {
    // A real failure: the database connection is gone under the handler.
    s.store.db.close();
    const r = await s.dispatch('listSweeps', undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL');
      expect(r.error.message).toMatch(/^listSweeps: .*not open/);
    }
  });

  it('refuses calls once closed', async () => {
    await s.close();
    expect(await s.dispatch('listSweeps', undefined)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});
