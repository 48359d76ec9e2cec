/**
 * The CLI has one door to the data, the API's services (cli/session.ts): none of its
 * files reaches into the store, the scheduler, the sweep service, the exports or the
 * data modules itself, so a guard added behind the API holds for the CLI too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const SRC = path.join(ROOT, 'src-main');
/** What only the API's handlers may use (paths relative to src-main, without the extension). */
const BEHIND_THE_API = [/^store(\/|$)/, /^export(\/|$)/, /^data(\/|$)/, /^sweep\/scheduler$/, /^sweep\/sweepService$/];
/** Files that need none of it and may import as they like: none today. */
const ALLOWED: string[] = [];
/**
 * Modules behind the API that only lay out or draw what a call returned (a GroupReport's
 * text, frames as GIF pixels): the CLI may use them, as long as they themselves reach
 * no data (checked below, through everything they import).
 */
const RENDERS_API_RESULTS = ['export/groupTable', 'export/animation'];
/** What a renderer of API results must never reach, however indirectly. */
const DATA_ACCESS = [
  /^store(\/|$)/,
  /^data\/(?!types$)/,
  /^sweep\/(scheduler|sweepService|lanes|workerLauncher|confirm|tuner|launchCheck|configFile)$/,
  /^export\/(sweepReport|paperPack|runEvaluation|modelFiles|outputFiles)$/,
];

/** The modules a file imports for their code: `import type` brings in nothing at run time. */
function codeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^\s*(import|export)\s+type\b[^;]*;/gms, '');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith('.')).map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep).join('/').replace(/\.ts$/, ''));
}

function cliFiles(): string[] {
  const dir = path.join(SRC, 'cli');
  return [path.join(SRC, 'cli.ts'), ...readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f))];
}

/** Every module a file imports or re-exports (static and dynamic), resolved relative to src-main. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith('.')).map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep).join('/').replace(/\.ts$/, ''));
}

describe('src-main/cli imports', () => {
  it('finds the imports it checks (the check itself works)', () => {
    expect(importsOf(path.join(SRC, 'cli', 'session.ts'))).toContain('api/services');
    expect(importsOf(path.join(SRC, 'api', 'handlers', 'exports.ts'))).toContain('export/sweepReport');
  });

  it.each(cliFiles().map((f) => [path.relative(ROOT, f), f]))('%s reaches the data only through the API', (_name, file) => {
    if (ALLOWED.includes(path.basename(file))) return;
    const offending = importsOf(file).filter((m) => !RENDERS_API_RESULTS.includes(m) && BEHIND_THE_API.some((re) => re.test(m)));
    expect(offending).toEqual([]);
  });

  it.each(RENDERS_API_RESULTS)('%s (used by the CLI) reaches no data, directly or through its imports', (module) => {
    const seen = new Set<string>();
    const visit = (m: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      const file = path.join(SRC, `${m}.ts`);
      // Type-only and package imports are not followed; a module outside src-main/*.ts is not ours.
      try {
        readFileSync(file);
      } catch {
        return;
      }
      for (const dep of codeImportsOf(file)) visit(dep);
    };
    visit(module);
    expect([...seen].filter((m) => DATA_ACCESS.some((re) => re.test(m)))).toEqual([]);
  });
});
