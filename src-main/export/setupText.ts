/**
 * The paper pack's setup.md: an "Experimental setup" section written from the sweep's
 * config and what its runs recorded, so the prose cannot disagree with the numbers in
 * the pack. Each paragraph states only facts the app knows: split sizes come from the
 * runs' recorded data (what the workers actually loaded, not what the ratios promise),
 * fixed settings are listed under the model and swept ones under the search space, and
 * the selection rule is the one validationChoice.ts and groups.ts apply.
 */
import type { GroupReport } from '../analysis/groupTypes';
import { ALPHA, MIN_REPLICATES } from '../analysis/groups';
import { countTrials } from '../sweep/searchSpace';
import { listedValues, type ParamRange, type SweepConfig } from '../sweep/configSchema';
import type { RunRecord } from '../store/types';
import { formatParamValue } from '../shared/format';
import type { MachineInfo } from './packManifest';

export interface SetupInput {
  config: SweepConfig;
  runs: readonly RunRecord[];
  groups: GroupReport;
  machine: MachineInfo;
}

/** How a person names a swept key in prose; unknown keys print as themselves. */
const NAMES: Record<string, string> = {
  'train.lr': 'learning rate',
  'train.batchSize': 'batch size',
  'train.epochs': 'epochs',
  'train.optimizer': 'optimizer',
  'train.momentum': 'momentum',
  'train.weightDecay': 'weight decay',
  'train.seed': 'training seed',
  'train.schedule': 'learning-rate schedule',
  'model.hidden': 'hidden layer widths',
  'model.depth': 'number of hidden layers',
  'model.width': 'hidden layer width',
  'model.activation': 'activation',
  'model.dropout': 'dropout',
  'dataset.seed': 'data split seed',
  engine: 'engine',
};
const DATA_NAMES: Record<string, string> = {
  iris: 'the Iris data set (Fisher, 1936)',
  'fashion-mnist': 'Fashion-MNIST (Xiao et al., 2017)',
  'fashion-mnist-subset': 'the bundled Fashion-MNIST subset (200 training and 50 test images per class)',
  csv: 'a CSV data set',
};
const ENGINES: Record<string, string> = {
  scratch: 'Sweeplab’s from-scratch engine (hand-derived gradients)',
  tfjs: 'TensorFlow.js',
};
const OPTIMIZERS: Record<string, string> = { sgd: 'plain SGD', momentum: 'SGD with momentum', adam: 'Adam', adamw: 'AdamW' };

const nameOf = (key: string) => NAMES[key] ?? NAMES[key.replace(/\.\d+$/, '')] ?? key;
const count = (n: number) => n.toLocaleString('en-US');
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const unique = <T>(xs: readonly (T | null | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];
const values = (xs: readonly unknown[]) => `{${xs.map(formatParamValue).join(', ')}}`;

function dataParagraph(c: SweepConfig, runs: readonly RunRecord[]): string {
  const d = c.dataset;
  const sizes = unique(runs.map((r) => (r.dataset ? `${count(Number(r.dataset.train))} training, ${count(Number(r.dataset.val))} validation and ${count(Number(r.dataset.test))} test examples` : null)));
  const split = d.name.startsWith('fashion-mnist')
    ? `The official test images are the test split; validation images are held out of the training images (ratio ${d.split.train} : ${d.split.val}, stratified by class, split seed ${d.seed}), and pixel values are scaled to [0, 1].`
    : `Rows are split ${d.split.train} / ${d.split.val} / ${d.split.test ?? 0} into training, validation and test, stratified by class (split seed ${d.seed})${d.standardize ? '; features are standardised with the training split’s mean and standard deviation' : ''}.`;
  const n = sizes.length === 1 ? ` The runs used ${sizes[0]}.` : sizes.length > 1 ? ` The runs used different splits: ${sizes.join('; ')}.` : ' No run recorded its split sizes.';
  return `**Data.** We use ${DATA_NAMES[d.name] ?? d.name}${d.path ? ` (${d.path})` : ''}. ${split}${n}`;
}

const ACTIVATION_NAMES: Record<string, string> = { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', leaky_relu: 'leaky ReLU', gelu: 'GELU' };

function hiddenText(hidden: readonly number[]): string {
  if (!hidden.length) return 'no hidden layer';
  return hidden.length === 1 ? `one hidden layer of ${hidden[0]} units` : `${hidden.length} hidden layers of ${hidden.join(', ')} units`;
}

function modelParagraph(c: SweepConfig): string {
  const swept = new Set(Object.keys(c.search.params));
  const fixed = (key: string, text: string) => (swept.has(key) ? [] : [text]);
  const architecture = swept.has('model.hidden') || swept.has('model.depth') || [...swept].some((k) => k.startsWith('model.width'))
    ? 'a fully connected network whose hidden layers are swept (below)'
    : `a fully connected network with ${hiddenText(c.model.hidden)}`;
  const t = c.train;
  const settings = [
    ...fixed('model.activation', `${ACTIVATION_NAMES[c.model.activation] ?? c.model.activation} activations`),
    ...(c.model.dropout ? fixed('model.dropout', `dropout ${c.model.dropout}`) : []),
    ...fixed('train.optimizer', OPTIMIZERS[t.optimizer] ?? t.optimizer),
    ...(t.optimizer === 'momentum' ? fixed('train.momentum', `momentum ${t.momentum}`) : []),
    ...fixed('train.lr', `learning rate ${formatParamValue(t.lr)}`),
    ...fixed('train.batchSize', `batch size ${t.batchSize}`),
    ...fixed('train.epochs', `${t.epochs} epoch${t.epochs === 1 ? '' : 's'}`),
    ...fixed('train.weightDecay', `weight decay ${formatParamValue(t.weightDecay)}`),
    ...fixed('train.schedule', t.schedule ? `a ${t.schedule.type} learning-rate schedule${t.schedule.warmupEpochs ? ` with ${t.schedule.warmupEpochs} warm-up epochs` : ''}` : 'a constant learning rate'),
  ];
  const engine = swept.has('engine') ? 'the engine is swept (below)' : `trained with ${ENGINES[c.engine] ?? c.engine}`;
  return `**Model.** The model is ${architecture}, a softmax output and cross-entropy loss, ${engine}, with ${list(settings)}.`;
}

function spaceText(key: string, space: unknown, strategy: string): string {
  const listed = listedValues(space as never);
  if (listed) return `${nameOf(key)} ∈ ${values(listed)}`;
  const r = space as ParamRange;
  const scale = r.scale === 'log' ? 'log' : 'linear';
  if (strategy === 'grid') return `${nameOf(key)}: ${r.step ? `every ${r.step} from ${r.min} to ${r.max}` : `${r.count ?? 3} points from ${r.min} to ${r.max} on a ${scale} scale`}`;
  return `${nameOf(key)} ${r.scale === 'log' ? 'log-uniform' : 'uniform'}${r.integer ? ' integer' : ''} in [${r.min}, ${r.max}]`;
}

function searchParagraph(c: SweepConfig, runs: readonly RunRecord[]): string {
  const s = c.search;
  const keys = Object.keys(s.params);
  const strategy = { grid: 'a grid search', random: 'random search', tpe: 'TPE (tree-structured Parzen estimator)', bayes: 'Bayesian optimisation (Gaussian process)' }[s.strategy];
  const space = keys.length ? `over ${list(keys.map((k) => spaceText(k, s.params[k], s.strategy)))}` : 'with nothing swept (one configuration)';
  const planned = s.strategy === 'grid' ? `${countTrials(c)} trial${countTrials(c) === 1 ? '' : 's'}` : s.trials ? `at most ${s.trials} trials` : 'trials until the budget ran out';
  const done = runs.filter((r) => r.status === 'completed').length;
  const budget = s.budget ? ` The budget was ${list([...(s.budget.minutes ? [`${s.budget.minutes} minutes of training`] : []), ...(s.budget.epochs ? [`${s.budget.epochs} epochs over all trials`] : [])])}.` : '';
  const pruner = s.pruner ? ` Unpromising trials were stopped early by a ${s.pruner.type} pruner on ${s.metric}.` : '';
  return `**Search space.** We ran ${strategy} ${space}: ${planned}, of which ${done} of ${runs.length} recorded run${runs.length === 1 ? '' : 's'} completed. The search ${s.strategy === 'grid' ? 'is judged' : 'optimised'} on ${s.metric} (${s.direction ?? (s.metric === 'val_loss' ? 'minimize' : 'maximize')}).${budget}${pruner}`;
}

function seedParagraph(c: SweepConfig, runs: readonly RunRecord[], groups: GroupReport): string {
  const seeds = unique(runs.map((r) => r.seed)).sort((a, b) => a - b);
  const perConfig = unique(groups.groups.map((g) => g.counted.length));
  const replicates = perConfig.length === 0 ? 'no runs yet' : perConfig.length === 1 ? `${perConfig[0]} counted run${perConfig[0] === 1 ? '' : 's'} per configuration` : `${Math.min(...perConfig)}–${Math.max(...perConfig)} counted runs per configuration`;
  return `**Seeds.** Search seed ${c.search.seed}, data split seed ${c.dataset.seed}, training seed${seeds.length === 1 ? '' : 's'} ${values(seeds)}; ${replicates} (${groups.groups.length} configuration${groups.groups.length === 1 ? '' : 's'}). Every run’s seed is listed in manifest.json.`;
}

function selectionParagraph(groups: GroupReport): string {
  return (
    `**Selection.** The reported run was chosen on validation accuracy, then validation loss; the test split was never used for selection. ` +
    `Runs that differ only in their training seed form a group; table.tex gives each group’s mean ± sample standard deviation, with the best group (best mean ${groups.objective.metric}) in bold. ` +
    `Every other group is compared with it by Welch’s two-sided t-test on ${groups.objective.metric} at α = ${ALPHA}, without correction for multiple comparisons; a dagger (†) marks groups not distinguishable from the best (p ≥ ${ALPHA}), and groups with fewer than ${MIN_REPLICATES} runs are not tested.`
  );
}

function hardwareParagraph(m: MachineInfo, runs: readonly RunRecord[]): string {
  const engines = unique(runs.map((r) => (r.engine ? `${r.engine}${r.backend ? ` (${r.backend} backend${r.gpu ? ', GPU' : ''})` : ''}` : null)));
  const gib = (m.memoryBytes / 2 ** 30).toFixed(0);
  return `**Hardware.** ${m.cpu}, ${m.cores} logical cores, ${gib} GiB of memory (${m.platform}/${m.arch}, Node ${m.node}) — the machine that wrote this pack. Runs trained on ${engines.length ? list(engines) : 'an unrecorded engine'}, one trial per process.`;
}

export function setupMarkdown(input: SetupInput): string {
  const { config, runs, groups, machine } = input;
  return [
    '## Experimental setup',
    dataParagraph(config, runs),
    modelParagraph(config),
    searchParagraph(config, runs),
    seedParagraph(config, runs, groups),
    selectionParagraph(groups),
    hardwareParagraph(machine, runs),
  ].join('\n\n') + '\n';
}
