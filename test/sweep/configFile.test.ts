import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseSetOverride } from '../../src-main/sweep/configFile';
import { refusal, scratchDir } from './helpers';

const { dir, write } = scratchDir('sweeplab-config-');

const base = {
  name: 'c',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
  model: { hidden: [10] },
  train: { epochs: 3, batchSize: 16, lr: 0.03 },
};



describe('config files', () => {
  it('reads JSON and YAML to the same config', () => {
    const json = loadConfigFile(write('a.json', JSON.stringify(base)));
    const yaml = loadConfigFile(
      write('a.yaml', 'name: c\ndataset:\n  name: iris\n  split: {train: 0.7, val: 0.1, test: 0.2}\nmodel:\n  hidden: [10]\ntrain:\n  epochs: 3\n  batchSize: 16\n  lr: 0.03\n'),
    );
    expect(yaml.config).toEqual(json.config);
  });

  it('--set overrides any field, parsing values as YAML scalars', () => {
    const file = write('b.json', JSON.stringify(base));
    const { config } = loadConfigFile(file, ['train.lr=0.5', 'model.hidden=[64, 32]', 'name=my sweep', 'search.params.train.lr=[0.1,0.2]']);
    expect(config.train.lr).toBe(0.5);
    expect(config.model.hidden).toEqual([64, 32]);
    expect(config.name).toBe('my sweep');
    expect(config.search.params['train.lr']).toEqual([0.1, 0.2]);
    expect(parseSetOverride('train.optimizer=adamw')).toEqual({ key: 'train.optimizer', value: 'adamw' });
  });

  it('refuses a bad --set with the field named', () => {
    const file = write('c.json', JSON.stringify(base));
    expect(refusal(() => loadConfigFile(file, ['train.lr=-1'])).message).toMatch(/train\.lr: must be > 0/);
    expect(refusal(() => loadConfigFile(file, ['train.nope=1'])).message).toMatch(/train\.nope: unknown key/);
    expect(refusal(() => loadConfigFile(file, ['lr'])).message).toMatch(/expected key=value/);
  });

  it('names the file for syntax errors and missing files', () => {
    expect(refusal(() => loadConfigFile(write('bad.json', '{"name": '))).message).toMatch(/bad\.json: line 1, column 10: not valid JSON: expected a value$/);
    expect(refusal(() => loadConfigFile(path.join(dir, 'nope.yaml'))).message).toMatch(/nope\.yaml: no such file/);
    expect(refusal(() => loadConfigFile(write('list.yaml', '- 1\n- 2\n'))).message).toMatch(/must be an object/);
    // One reader for every door: the GUI never read other extensions, and now neither does the CLI.
    expect(refusal(() => loadConfigFile(write('sweep.conf', 'name: c\n'))).message).toMatch(/sweep\.conf: the name must end in \.json, \.yaml or \.yml/);
  });

  it('lists every schema problem, each on its own line, after --set is applied', () => {
    const file = write('many.json', JSON.stringify({ ...base, train: { ...base.train, lr: 0 }, extra: 1 }));
    const e = refusal(() => loadConfigFile(file, ['model.hidden=[10, 2.5]']));
    expect(e.issues).toEqual([
      { path: 'model.hidden[1]', message: 'must be a positive integer (a hidden layer width)' },
      { path: 'train.lr', message: 'must be > 0' },
      { path: 'extra', message: 'unknown key' },
    ]);
    expect(e.message.split('\n')).toEqual([`${file}: 3 problems`, `  model.hidden[1]: must be a positive integer (a hidden layer width)`, `  train.lr: must be > 0`, `  extra: unknown key`]);
    expect(e.message).not.toMatch(/more\)/);
  });

  it('a CSV data set must exist, and its path is stored absolute', () => {
    const csv = { ...base, dataset: { name: 'csv', path: 'data.csv', split: { train: 0.8, val: 0, test: 0.2 } } };
    const file = write('csv.json', JSON.stringify(csv));
    expect(refusal(() => loadConfigFile(file)).message).toMatch(/dataset\.path: file not found: .*data\.csv/);
    write('data.csv', 'a,b\n1,x\n2,y\n');
    expect(loadConfigFile(file).config.dataset.path).toBe(path.join(dir, 'data.csv'));
  });
});
