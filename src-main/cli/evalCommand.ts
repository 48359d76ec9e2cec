/** `sweeplab eval <run>`: a finished run's saved model, evaluated again on its test split. */
import type { Command } from 'commander';
import { parsePositiveInt } from './errors';
import { withSession } from './session';
import { terminalTable } from './table';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate a completed run\'s saved weights on its test split again (accuracy, loss, confusion matrix)')
    .argument('<run>', 'run id')
    .option('--db <file>', 'SQLite database (default: $SWEEPLAB_DB or the app\'s user-data folder)')
    .option('--data-dir <dir>', 'folder holding the Fashion-MNIST files, before the one in the app\'s settings')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { db?: string; dataDir?: string; json?: boolean }) => {
      const runId = parsePositiveInt(ref, 'run');
      await withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'refuse' }, async (s) => {
        const e = await s.call('evaluateRun', { id: runId });
        if (opts.json) {
          const out = { runId, dataset: e.dataset.source, testRows: e.testRows, loss: e.loss, accuracy: e.accuracy, recordedAccuracy: e.recordedAccuracy, classes: e.classes, confusion: e.confusion };
          return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        }
        process.stdout.write(`Run ${runId} on ${e.testRows} test rows of ${e.dataset.name} (${e.dataset.source})\n`);
        process.stdout.write(`test loss ${e.loss.toFixed(4)}, test accuracy ${e.accuracy.toFixed(4)} (recorded when it finished: ${e.recordedAccuracy?.toFixed(4) ?? 'none'})\n`);
        const t = terminalTable(['true \\ predicted', ...e.classes.map((_, i) => String(i))]);
        e.confusion.forEach((row, i) => t.push([`${i} ${e.classes[i]}`, ...row.map(String)]));
        process.stdout.write(`${t.toString()}\n`);
      });
    });
}
