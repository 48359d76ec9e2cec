/**
 * `sweeplab` — the command line over the same services as the desktop app.
 * Exit codes: 0 success, 1 a run failed (or an unexpected error), 2 bad input.
 */
import { Command, CommanderError } from 'commander';
import { registerConfirmCommand } from './cli/confirmCommand';
import { registerDatasetsCommand } from './cli/datasetsCommand';
import { exitCodeFor, EXIT } from './cli/errors';
import { registerEvalCommand } from './cli/evalCommand';
import { registerExportCommand } from './cli/exportCommand';
import { registerGradcheckCommand } from './cli/gradcheckCommand';
import { registerImportanceCommand } from './cli/importanceCommand';
import { registerRunsCommand } from './cli/runsCommand';
import { registerServeCommand } from './cli/serveCommand';
import { registerSweepCommand } from './cli/sweepCommand';
import { registerWorkerCommand } from './cli/workerCommand';
import { APP_VERSION } from './version';

export function buildProgram(): Command {
  const program = new Command('sweeplab')
    .description('Hyperparameter sweeps for small neural networks, recorded in SQLite.')
    .version(APP_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  // Subcommands inherit exitOverride and showHelpAfterError from here, so usage errors
  // reach main() and exit with code 2.
  registerSweepCommand(program);
  registerConfirmCommand(program);
  registerRunsCommand(program);
  registerExportCommand(program);
  registerGradcheckCommand(program);
  registerDatasetsCommand(program);
  registerServeCommand(program);
  registerEvalCommand(program);
  registerImportanceCommand(program);
  registerWorkerCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    process.stderr.write(`sweeplab: ${(e as Error).message}\n`);
    if (process.env.SWEEPLAB_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return exitCodeFor(e);
  }
}
