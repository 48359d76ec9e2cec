/**
 * The "only the learning rate matters" sweep the importance tests run for real: a random
 * search on Iris over lr (log 1e-4 … 1) and five training seeds, 40 trials of 15 epochs,
 * compared on val_loss. The CLI test and the e2e test both expect lr first.
 */
export function irisLrSearch(name: string) {
  return {
    name,
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
    engine: 'scratch',
    model: { hidden: [10], activation: 'relu' },
    train: { epochs: 15, batchSize: 16, optimizer: 'sgd', lr: 0.03, seed: 0 },
    search: { strategy: 'random', trials: 40, seed: 0, metric: 'val_loss', params: { 'train.lr': { min: 1e-4, max: 1, scale: 'log' }, 'train.seed': [0, 1, 2, 3, 4] } },
    concurrency: 4,
  };
}
