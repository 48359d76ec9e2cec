/** `sweeplab gradcheck`: the scratch engine's backward passes against finite differences. */
import type { Command } from 'commander';
import { terminalTable } from './table';
import { runGradcheck, runTunerGradcheck, type GradcheckReport } from '../engine/scratch/gradcheck';
import { referenceOps, type Ops } from '../engine/scratch/ops';
import { loadNativeOps } from '../engine/scratch/ops/native';
import { EXIT, UsageError } from './errors';

const OPS_CHOICES = ['all', 'js', 'native'] as const;
const OPS_TITLE = { js: 'TypeScript ops', native: 'native ops' } as const;

/** The ops to check; `all` is the reference plus native when the addon loads. */
function opsToCheck(which: string): { ops: Ops[]; note: string | null } {
  if (!(OPS_CHOICES as readonly string[]).includes(which)) throw new UsageError(`--ops: expected one of ${OPS_CHOICES.join(', ')}, got "${which}"`);
  if (which === 'js') return { ops: [referenceOps], note: null };
  const native = loadNativeOps();
  if (native.ok) return { ops: which === 'native' ? [native.ops] : [referenceOps, native.ops], note: null };
  if (which === 'native') throw new Error(`the native ops cannot be used: ${native.reason}`);
  return { ops: [referenceOps], note: `native ops not checked: ${native.reason}` };
}

/** The core layers and the tuner's (activations, dropout) through one set of ops, as one report. */
function checkAll(seed: number, ops: Ops): GradcheckReport {
  const core = runGradcheck({ seed, ops });
  const tuner = runTunerGradcheck({ seed, ops });
  const maxRelError = Number.isNaN(core.maxRelError) || Number.isNaN(tuner.maxRelError) ? NaN : Math.max(core.maxRelError, tuner.maxRelError);
  return { ...core, entries: [...core.entries, ...tuner.entries], maxRelError, passed: core.passed && tuner.passed };
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new UsageError(`--seed: expected an integer, got "${value}"`);
  return n;
}

export function registerGradcheckCommand(program: Command): void {
  program
    .command('gradcheck')
    .description('check every hand-derived gradient against central finite differences (float64)')
    .option('--json', 'print the reports as JSON')
    .option('--seed <n>', 'seed of the random inputs', '0')
    .option('--ops <which>', `kernels to check through: ${OPS_CHOICES.join(', ')} (all: TypeScript, and native when built)`, 'all')
    .action((opts: { json?: boolean; seed: string; ops: string }) => {
      const seed = parseSeed(opts.seed);
      const { ops, note } = opsToCheck(opts.ops);
      const reports: GradcheckReport[] = ops.map((o) => checkAll(seed, o));
      const passed = reports.every((r) => r.passed);
      if (opts.json) process.stdout.write(`${JSON.stringify({ passed, reports, note }, null, 2)}\n`);
      else {
        for (const report of reports) {
          const t = terminalTable(['gradient', 'max relative error', 'values checked', '']);
          for (const e of report.entries) t.push([e.name, e.maxRelError.toExponential(2), e.checked, e.maxRelError < report.tolerance ? 'ok' : 'FAIL']);
          process.stdout.write(
            `${OPS_TITLE[report.ops]}, float64\n${t.toString()}\nmax relative error ${report.maxRelError.toExponential(2)} (tolerance ${report.tolerance}): ${report.passed ? 'passed' : 'FAILED'}\n\n`,
          );
        }
        if (note) process.stdout.write(`${note}\n`);
      }
      process.exitCode = passed ? EXIT.ok : EXIT.runFailed;
    });
}
