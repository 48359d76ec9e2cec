/** `sweeplab gradcheck`: the scratch engine's backward passes against finite differences. */
import type { Command } from 'commander';
import { terminalTable } from './table';
import { runGradcheck } from '../engine/scratch/gradcheck';
import { EXIT } from './errors';

export function registerGradcheckCommand(program: Command): void {
  program
    .command('gradcheck')
    .description('check every hand-derived gradient against central finite differences (float64)')
    .option('--json', 'print the report as JSON')
    .option('--seed <n>', 'seed of the random inputs', '0')
    .action((opts: { json?: boolean; seed: string }) => {
      const report = runGradcheck({ seed: Number(opts.seed) || 0 });
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const t = terminalTable(['gradient', 'max relative error', 'values checked', '']);
        for (const e of report.entries) t.push([e.name, e.maxRelError.toExponential(2), e.checked, e.maxRelError < report.tolerance ? 'ok' : 'FAIL']);
        process.stdout.write(`${t.toString()}\nmax relative error ${report.maxRelError.toExponential(2)} (tolerance ${report.tolerance}): ${report.passed ? 'passed' : 'FAILED'}\n`);
      }
      process.exitCode = report.passed ? EXIT.ok : EXIT.runFailed;
    });
}
