/**
 * How a refused config is reported, the same at every door: the CLI prints the message,
 * the API answers it with the issues, the form shows the issues. Every problem is listed,
 * each on its own line: a summary that only counted the others hid the very keys a
 * person had to fix, and the GUI and the CLI disagreed about a file without saying so.
 *
 * Pure (no Node imports), like the schema whose issues it formats.
 */
import type { ConfigIssue } from './configSchema';

export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where a problem with the whole text is put: no field and no line to name. */
export const WHOLE_FILE = '(file)';

/**
 * `train.lr: must be > 0`, `line 3, column 9: not valid JSON: expected a value`.
 * A path in parentheses (`(file)`, `(config)`) stands for the whole thing, which the
 * source in front of the line already names, so it is left out.
 */
export function issueLine(issue: ConfigIssue): string {
  return /^\(.*\)$/.test(issue.path) ? issue.message : `${issue.path}: ${issue.message}`;
}

/**
 * One problem: `sweep.yaml: model.activaton: unknown key`, on one line as before.
 * Several: a count, then each on its own indented line, so that none is left out:
 *
 *     sweep.yaml: 3 problems
 *       model.activaton: unknown key
 *       train.learning_rate: unknown key
 *       concurency: unknown key
 */
export function describeProblems(source: string, issues: readonly ConfigIssue[]): string {
  if (issues.length === 0) return source;
  if (issues.length === 1) return `${source}: ${issueLine(issues[0])}`;
  return [`${source}: ${issues.length} problems`, ...issues.map((i) => `  ${issueLine(i)}`)].join('\n');
}

/** The refusal of `source` (a file, `config`, `--set x`) for these issues, all of them in the message. */
export function configError(source: string, issues: ConfigIssue[]): ConfigError {
  return new ConfigError(describeProblems(source, issues), issues);
}
