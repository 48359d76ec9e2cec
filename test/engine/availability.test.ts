import { describe, expect, it } from 'vitest';
import { backendAvailabilityIssue, tfjsNodeInstalled } from '../../src-main/engine/availability';
import { validateSweepConfig, type SweepConfig } from '../../src-main/sweep/configSchema';

function config(over: object): SweepConfig {
  const r = validateSweepConfig({ name: 'b', dataset: { name: 'iris' }, model: { hidden: [4] }, train: { epochs: 1, batchSize: 8, lr: 0.1 }, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}
const missing = { tfjsNode: () => false, native: () => ({ ok: false as const, reason: 'the addon was not built' }) };
const present = { tfjsNode: () => true, native: () => ({ ok: true as const }) } as unknown as typeof missing;

describe('a backend the config names, checked before launch', () => {
  it('refuses tensorflow without tfjs-node, naming the package and the alternatives', () => {
    const issue = backendAvailabilityIssue(config({ engine: 'tfjs', backend: 'tensorflow' }), missing);
    expect(issue?.path).toBe('backend');
    expect(issue?.message).toMatch(/@tensorflow\/tfjs-node with its native library, which is not installed here.*"auto", "wasm" or "cpu"/);
    expect(backendAvailabilityIssue(config({ engine: 'tfjs', backend: 'tensorflow' }), present)).toBeNull();
  });

  it('refuses native when the addon does not load, with its reason', () => {
    expect(backendAvailabilityIssue(config({ engine: 'scratch', backend: 'native' }), missing)?.message).toMatch(/not available here: the addon was not built/);
  });

  it('auto always passes; a swept engine is checked for each engine it may get', () => {
    expect(backendAvailabilityIssue(config({ backend: 'auto' }), missing)).toBeNull();
    expect(backendAvailabilityIssue(config({ backend: 'auto', search: { params: { engine: ['scratch', 'tfjs'] } } }), missing)).toBeNull();
  });

  it('finds the package and its native binding without loading it; a package without its binding does not count', () => {
    expect(tfjsNodeInstalled(() => '/x/package.json', () => true)).toBe(true);
    expect(tfjsNodeInstalled(() => '/x/package.json', () => false)).toBe(false);
    const absent = () => {
      throw Object.assign(new Error('nope'), { code: 'MODULE_NOT_FOUND' });
    };
    expect(tfjsNodeInstalled(absent, () => true)).toBe(false);
  });
});
