/**
 * An issue's path as a person reads it: `search.params.train.lr[1]` → "Learning rate,
 * 2nd value", `search.pruner.minEpochs` → "Pruner, min epochs". The form lists problems
 * it cannot show on a field near Launch; there the dotted path of the config file means
 * little to someone who never opened one (it stays in the tooltip for those who did).
 */
import { fieldOf } from './issuePaths';
import { paramLabel } from './labels';
import { searchParamLabel } from './searchLabels';

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  'dataset.name': 'Data set',
  'dataset.path': 'CSV file',
  'dataset.label': 'Label column',
  'dataset.seed': 'Split seed',
  'dataset.split': 'Split',
  'dataset.split.train': 'Training split',
  'dataset.split.val': 'Validation split',
  'dataset.split.test': 'Test split',
  engine: 'Engine',
  backend: 'Backend',
  concurrency: 'Trials at once',
  'train.schedule.type': 'LR schedule',
  'train.schedule.warmupEpochs': 'Warm-up epochs',
  'train.schedule.stepEpochs': 'Step every (epochs)',
  'train.schedule.gamma': 'Step factor',
  'train.schedule.minLr': 'Minimum learning rate',
  'search.strategy': 'Search strategy',
  'search.trials': 'Trials',
  'search.seed': 'Search seed',
  'search.shuffle': 'Shuffle',
  'search.metric': 'Objective',
  'search.direction': 'Direction',
  'search.pruner': 'Pruner',
  'search.pruner.type': 'Pruner',
  'search.pruner.minEpochs': 'Pruner, min epochs',
  'search.pruner.reductionFactor': 'Pruner, reduction factor η',
  'search.budget': 'Budget',
  'search.budget.minutes': 'Budget, minutes',
  'search.budget.epochs': 'Budget, epochs',
  search: 'Search',
};

const TAIL_LABELS: Record<string, string> = {
  min: 'min',
  max: 'max',
  count: 'points',
  scale: 'scale',
  step: 'step',
  integer: 'whole numbers',
  values: 'values',
  when: 'condition',
  'when.param': "condition's parameter",
  'when.op': "condition's operator",
  'when.value': "condition's value",
};

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export function humanPath(path: string): string {
  if (path === '(config)' || path === '(file)') return 'The config';
  const { field, index } = fieldOf(path);
  const nth = index !== undefined ? `, ${ordinal(index + 1)} value` : '';
  const PARAMS = 'search.params.';
  if (field.startsWith(PARAMS)) {
    const rest = field.slice(PARAMS.length);
    // The longest known tail: `.when.param` before `.param`.
    const tail = Object.keys(TAIL_LABELS)
      .sort((a, b) => b.length - a.length)
      .find((t) => rest.endsWith(`.${t}`));
    const key = tail ? rest.slice(0, -tail.length - 1) : rest;
    return `${searchParamLabel(key)}${tail ? `, ${TAIL_LABELS[tail]}` : ''}${nth}`;
  }
  const listItem = /^(.*)\[(\d+)\]$/.exec(field);
  if (listItem) return `${FIELD_LABELS[listItem[1]] ?? paramLabel(listItem[1])}, ${ordinal(Number(listItem[2]) + 1)} value`;
  return (FIELD_LABELS[field] ?? paramLabel(field)) + nth;
}
