/**
 * The file from issue 10: a valid sweep with three mistyped keys. The CLI refused it,
 * while the GUI opened it, dropped the three without a word and launched the rest.
 * Every door must now refuse it and name all three.
 */
export const TYPO_KEYS = ['model.activaton', 'train.learning_rate', 'concurency'];

export const TYPO_ISSUES = TYPO_KEYS.map((path) => ({ path, message: 'unknown key' }));

export const TYPO_YAML = `name: typos
dataset:
  name: iris
  split: {train: 0.7, val: 0.1, test: 0.2}
model:
  hidden: [10]
  activaton: relu
train:
  epochs: 2
  batchSize: 16
  lr: 0.03
  learning_rate: 0.1
concurency: 4
`;

export const TYPO_JSON = JSON.stringify(
  {
    name: 'typos',
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
    model: { hidden: [10], activaton: 'relu' },
    train: { epochs: 2, batchSize: 16, lr: 0.03, learning_rate: 0.1 },
    concurency: 4,
  },
  null,
  2,
);
