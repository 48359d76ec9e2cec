/** What crosses Redis is checked: a trial job round-trips, a malformed one is refused naming the field. */
import { describe, expect, it } from 'vitest';
import { detectCapabilities, capabilityGap } from '../../src-main/cluster/capabilities';
import { isJobId, jobIdOf, parseStreamEntry, parseTrialJob } from '../../src-main/cluster/jobs';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { expandTrials } from '../../src-main/sweep/searchSpace';

function trialOf(raw: object) {
  const r = validateSweepConfig(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return expandTrials(r.config)[0].config;
}

const iris = trialOf({ name: 'j', dataset: { name: 'iris' }, model: { hidden: [4] }, train: { epochs: 2, batchSize: 16, lr: 0.1 } });

describe('trial jobs', () => {
  it('round-trip a validated trial unchanged', () => {
    const job = { sweepId: 3, sweepKey: '3-1796031205869', runId: 9, trialIndex: 0, attempt: 1, trial: iris, pruning: false };
    expect(parseTrialJob(JSON.parse(JSON.stringify(job)))).toEqual(job);
  });

  it('are refused with the bad field named', () => {
    expect(() => parseTrialJob({ sweepId: 3, sweepKey: '3-1', runId: -1, trialIndex: 0, attempt: 1, trial: iris, pruning: false })).toThrow(/runId/);
    expect(() => parseTrialJob({ sweepId: 3, sweepKey: '3-1', runId: 1, trialIndex: 0, attempt: 1, trial: { ...iris, train: { ...iris.train, lr: 'fast' } }, pruning: false })).toThrow(/trial\.train\.lr/);
    expect(() => parseTrialJob({ sweepId: 3, sweepKey: '3-1', runId: 1, trialIndex: 0, attempt: 1, trial: iris, pruning: false, extra: 1 })).toThrow(/malformed trial job/);
    expect(() => parseTrialJob({ sweepId: 3, sweepKey: '3:x', runId: 1, trialIndex: 0, attempt: 1, trial: iris, pruning: false })).toThrow(/sweepKey/);
  });

  it('carry a shipped CSV by its hash; a job without one (an older coordinator) still parses', () => {
    const csv = { ...iris, dataset: { ...iris.dataset, name: 'csv' as const, path: '/home/ana/blobs.csv' } };
    const base = { sweepId: 3, sweepKey: '3-1', runId: 1, trialIndex: 0, attempt: 1, trial: csv, pruning: false };
    expect(parseTrialJob(base)).toEqual(base);
    const dataFile = { sha256: 'ab'.repeat(32), bytes: 1234, name: 'blobs.csv' };
    expect(parseTrialJob({ ...base, dataFile })).toEqual({ ...base, dataFile });
    // The hash names a file in the worker's cache: anything but 64 hex digits could be a path.
    for (const sha256 of ['../../etc/passwd', 'AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(31)}/x`])
      expect(() => parseTrialJob({ ...base, dataFile: { ...dataFile, sha256 } }), sha256).toThrow(/dataFile\.sha256/);
    expect(() => parseTrialJob({ ...base, dataFile: { ...dataFile, bytes: -1 } })).toThrow(/dataFile\.bytes/);
    expect(() => parseTrialJob({ ...base, dataFile: { ...dataFile, bytes: 2 ** 40 } })).toThrow(/dataFile\.bytes/);
    expect(() => parseTrialJob({ ...base, dataFile: { ...dataFile, path: '/x' } })).toThrow(/dataFile/);
  });
});

describe('job ids', () => {
  it('are only what jobIdOf makes: never a path', () => {
    expect(isJobId(jobIdOf('3-1796031205869', 12))).toBe(true);
    for (const bad of [undefined, '../../home', 's3-1-r2/..', 's3-r2', '1', 's3-1-r2 ']) expect(isJobId(bad), String(bad)).toBe(false);
  });
});

describe('result-stream entries', () => {
  it('accept a worker-protocol message and refuse anything else', () => {
    const entry = { jobId: 's1-r2', start: 1, worker: 'w', msg: { type: 'epoch-end', runId: 2, epoch: 3 } };
    expect(parseStreamEntry(JSON.stringify(entry))).toEqual(entry);
    expect(() => parseStreamEntry('{')).toThrow(/not JSON/);
    expect(() => parseStreamEntry(JSON.stringify({ ...entry, msg: { type: 'hello', runId: 2 } }))).toThrow(/msg/);
    expect(() => parseStreamEntry(JSON.stringify({ ...entry, msg: { type: 'metrics', runId: 2, points: [{ key: 'loss', step: 'x' }], progress: {} } }))).toThrow(/malformed/);
  });
});

describe('capabilities', () => {
  it('say why a machine cannot run a trial', () => {
    const caps = { ...detectCapabilities({ name: 'box', concurrency: 1 }), datasets: ['iris'], backends: ['scratch/auto', 'scratch/js'] };
    expect(capabilityGap(iris, caps)).toBeNull();
    expect(capabilityGap({ ...iris, dataset: { ...iris.dataset, name: 'fashion-mnist' } }, caps)).toMatch(/box cannot load Fashion-MNIST/);
    expect(capabilityGap({ ...iris, backend: 'native' }, caps)).toMatch(/box cannot run the scratch engine on the native backend/);
    expect(capabilityGap({ ...iris, dataset: { ...iris.dataset, name: 'csv', path: 'rel/data.csv' } }, caps)).toMatch(/CSV file rel\/data.csv is not on box/);
  });
});
