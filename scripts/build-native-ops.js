#!/usr/bin/env node
/**
 * Builds the scratch engine's native ops (native/, a Node-API addon over CBLAS) with
 * node-gyp. Runs at `npm install` (postinstall) and as `npm run build:native`.
 *
 * The addon is an accelerator, not a requirement: when it cannot be built (no C
 * compiler, no libopenblas-dev, Windows) the install still succeeds, this prints why,
 * and the scratch engine runs on its TypeScript ops, saying so in every run's
 * environment. `--require` (or SWEEPLAB_REQUIRE_NATIVE=1, which CI sets) turns a failed
 * build into a failed command instead.
 *
 * Plain Node, no dependencies: it runs while node_modules is still being installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE = path.join(ROOT, 'native');
const ADDON = path.join(NATIVE, 'build', 'Release', 'sweeplab_ops.node');
const required = process.argv.includes('--require') || process.env.SWEEPLAB_REQUIRE_NATIVE === '1';

/** node-gyp: the one npm runs install scripts with, else the one bundled with npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

function giveUp(reason) {
  const lines = [
    `sweeplab: the native ops (native/) were not built: ${reason}`,
    '  The scratch engine will run on its TypeScript ops, several times slower.',
    '  To build them: install a C compiler, make, python3 and OpenBLAS (Debian/Ubuntu:',
    '  apt-get install build-essential python3 libopenblas-dev; macOS: Xcode command line',
    '  tools, Accelerate is built in), then run `npm run build:native`.',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(required ? 1 : 0);
}

if (process.env.SWEEPLAB_SKIP_NATIVE === '1' && !required) giveUp('SWEEPLAB_SKIP_NATIVE=1');
const gyp = nodeGyp();
if (!gyp) giveUp('node-gyp was not found (it ships with npm)');
const result = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: NATIVE, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (result.status !== 0 || !existsSync(ADDON)) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
    .split('\n')
    .filter((l) => /error|not found|cannot|No such/i.test(l) && !l.startsWith('gyp info'))
    .slice(0, 8)
    .join('\n  ');
  giveUp(`node-gyp rebuild failed${output ? `:\n  ${output}` : ` (exit ${result.status ?? result.signal})`}`);
}

// Load it once here, so a library that links but does not load (a missing
// libopenblas.so.0 at run time) is reported now rather than at the first trial.
try {
  const { createRequire } = await import('node:module');
  const info = createRequire(import.meta.url)(ADDON).info();
  process.stderr.write(`sweeplab: built the native ops (${path.relative(ROOT, ADDON)}, ${info.config || info.blas})\n`);
} catch (e) {
  giveUp(`the addon was built but does not load: ${e.message.split('\n')[0]}`);
}
