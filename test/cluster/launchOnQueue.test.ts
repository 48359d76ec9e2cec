/**
 * The launch checks of a sweep on the queue: judged on the workers' announcements, not
 * on the coordinator (cluster/launchOnQueue.ts), and the coordinator's own checks keep
 * only what it reads itself (sweep/launchCheck.ts with onQueue).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryGap, type Capabilities } from '../../src-main/cluster/capabilities';
import { workerIssue, workersIssue } from '../../src-main/cluster/launchOnQueue';
import { inspectDataset } from '../../src-main/data/inspect';
import { validateConfigObject } from '../../src-main/sweep/configFile';
import { checkLaunch } from '../../src-main/sweep/launchCheck';
import { trialConfig } from '../../src-main/sweep/searchSpace';
import { refusal, scratchDir } from '../sweep/helpers';

const { dir } = scratchDir('sweeplab-queue-launch-');
/** No Fashion-MNIST on this "coordinator": no folder, no home copy, no system copy. */
const nowhere = { env: { SWEEPLAB_HOME: path.join(dir, 'home') }, systemDirs: [] };
const GB = 1e9;

function config(over: Record<string, unknown>) {
  const raw = { name: 'q', dataset: { name: 'fashion-mnist' }, model: { hidden: [256] }, train: { epochs: 1, batchSize: 128, lr: 0.001, optimizer: 'adamw' }, ...over };
  return validateConfigObject(raw, dir).config;
}

/** A worker's announcement, as `sweeplab worker` makes it. */
function worker(name: string, over: Partial<Capabilities> = {}): Capabilities {
  return {
    name,
    host: `${name}.lab`,
    cores: 8,
    concurrency: 4,
    engines: ['scratch', 'tfjs'],
    backends: ['scratch/auto', 'scratch/js', 'scratch/native', 'tfjs/auto', 'tfjs/cpu', 'tfjs/wasm'],
    nativeOps: true,
    datasets: ['csv', 'iris', 'fashion-mnist-subset', 'fashion-mnist'],
    since: 0,
    memory: { total: 32 * GB, budget: 24 * GB },
    ...over,
  };
}

const QUEUE = 'redis://queue.lab:6379';

describe('the coordinator on a queue', () => {
  it('plans a Fashion-MNIST sweep with the published set when it has no copy of its own', () => {
    const c = config({});
    // Locally the bundled subset would stand in; on the queue the workers load the full set.
    const local = checkLaunch(c, { concurrency: 1, data: nowhere, memory: { total: 64 * GB, budget: 48 * GB } });
    expect(local.data.rows.train + local.data.rows.val).toBeLessThan(60_000);
    const queued = checkLaunch(c, { concurrency: 1, data: nowhere, onQueue: true });
    expect(queued.data.rows).toEqual({ train: 54_000, val: 6_000, test: 10_000 });
    expect(queued.data.features).toBe(784);
  });

  it('leaves the backend and the memory to the workers, but still checks a CSV file it must ship', () => {
    // tfjs-node is not installed here, and 1 KB of memory fits nothing: neither is this machine's business.
    const tensorflow = config({ dataset: { name: 'iris' }, engine: 'tfjs', backend: 'tensorflow' });
    expect(refusal(() => checkLaunch(tensorflow, { concurrency: 1, data: nowhere })).issues[0].path).toBe('backend');
    expect(checkLaunch(tensorflow, { concurrency: 1, data: nowhere, memory: { total: 1e3, budget: 1e3 }, onQueue: true }).trials).toBe(1);
    writeFileSync(path.join(dir, 'ragged.csv'), 'a,b,y\n1,2,x\n3,4\n5,6,z\n');
    const ragged = config({ dataset: { name: 'csv', path: 'ragged.csv', label: 'y' } });
    expect(refusal(() => checkLaunch(ragged, { concurrency: 1, data: { ...nowhere, configDir: dir }, onQueue: true })).issues[0]).toMatchObject({
      path: 'dataset.path',
      message: expect.stringContaining('line 3: expected 3 cells, found 2'),
    });
  });
});

describe('judging the workers', () => {
  const c = config({});
  const data = checkLaunch(c, { concurrency: 1, data: nowhere, onQueue: true }).data;

  it('accepts a sweep one live worker can run, and judges nothing while none is live', () => {
    expect(workersIssue(c, data, 4, [worker('small', { datasets: ['csv', 'iris'] }), worker('big')], QUEUE)).toBeNull();
    expect(workersIssue(c, data, 4, [], QUEUE)).toBeNull();
  });

  it('refuses a sweep no live worker can run, with each worker\'s reason on the field at fault', () => {
    const issue = workersIssue(c, data, 4, [worker('a', { datasets: ['iris'] }), worker('b', { datasets: ['csv'] })], QUEUE);
    expect(issue?.path).toBe('dataset.name');
    expect(issue?.message).toMatch(/^no live worker of redis:\/\/queue\.lab:6379 can run this sweep: a cannot load Fashion-MNIST .*; b cannot load Fashion-MNIST/);
  });

  it('never refuses a generated data set: a worker makes it from the trial\'s options', () => {
    const moons = config({ dataset: { name: 'moons', toy: { samples: 200 } }, model: { hidden: [8] } });
    const facts = checkLaunch(moons, { concurrency: 1, data: nowhere, onQueue: true }).data;
    expect(workerIssue(moons, facts, 1, worker('bare', { datasets: ['csv'] }))).toBeNull();
  });

  it('needs every engine and backend the sweep can take on one machine', () => {
    const both = config({ search: { params: { engine: ['scratch', 'tfjs'] } } });
    expect(workerIssue(both, data, 2, worker('w'))).toBeNull();
    const scratchOnly = worker('w', { engines: ['scratch'], backends: ['scratch/auto', 'scratch/js'] });
    expect(workerIssue(both, data, 2, scratchOnly)).toMatchObject({ path: 'engine', message: 'w has no tfjs engine' });
    const native = config({ backend: 'native' });
    expect(workerIssue(native, data, 1, worker('w', { backends: ['scratch/auto', 'scratch/js'], nativeOps: false }))).toMatchObject({
      path: 'backend',
      message: expect.stringContaining('the native ops do not load there'),
    });
  });

  it('judges memory per worker: its largest trial times the trials it runs at once', () => {
    const wide = config({ model: { hidden: [4096, 4096] } });
    const facts = inspectDataset(wide.dataset, nowhere);
    // 8 at once on 4 GB does not fit; 1 at once does; a worker of the version before says no memory, and is not judged on it.
    const crowded = worker('crowded', { concurrency: 8, memory: { total: 5 * GB, budget: 4 * GB } });
    expect(workerIssue(wide, facts, 8, crowded)?.message).toMatch(/8 at once \(the --concurrency of worker crowded\) need about .* more than the 4\.0 GB crowded can spare/);
    expect(workerIssue(wide, facts, 8, { ...crowded, concurrency: 1 })).toBeNull();
    expect(workerIssue(wide, facts, 8, { ...crowded, memory: undefined })).toBeNull();
    // Fewer trials than slots: only the trials count.
    expect(workerIssue(wide, facts, 1, crowded)).toBeNull();
  });
});

describe('a worker judging a job that comes', () => {
  it('refuses a trial it cannot hold as many times over as it runs trials at once', () => {
    const trial = trialConfig(config({ dataset: { name: 'iris' }, model: { hidden: [4096, 4096] } }), {});
    const tight = worker('tight', { concurrency: 4, memory: { total: 2 * GB, budget: 1 * GB } });
    expect(memoryGap(trial, tight, nowhere)).toMatch(/^tight cannot hold it: 4 such trial\(s\) at once need about [\d.]+ GB, more than the 1\.0 GB it can spare \(of 2\.0 GB\)$/);
    expect(memoryGap(trial, { ...tight, concurrency: 1 }, nowhere)).toBeNull();
    expect(memoryGap(trial, { ...tight, memory: undefined }, nowhere)).toBeNull();
  });
});
