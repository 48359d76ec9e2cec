/**
 * Whether a backend a config names can run on this machine, checked before launch so a
 * sweep is refused at the door (CLI, API, the form) instead of failing trial by trial
 * afterwards. `auto` always can (it falls back); `native` needs the scratch engine's
 * addon to load; `tensorflow` needs @tensorflow/tfjs-node (or -node-gpu) installed —
 * found, not loaded: loading it binds libtensorflow into this process, which only a
 * worker should do. An installed but broken package still fails in the trial, saying so.
 * (tfjs/backend.ts is not imported: it loads TensorFlow.js, too much for a config check.)
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ConfigIssue, SweepConfig } from '../sweep/configSchema';
import { loadNativeOps } from './scratch/ops/native';

const requireHere = createRequire(import.meta.url);

/**
 * Whether tfjs-node (or -node-gpu) is installed with its native binding: the package can
 * install without it (its postinstall downloads libtensorflow, which fails offline), and
 * then it cannot load. The binding lives at lib/napi-v<N>/tfjs_binding.node.
 */
export function tfjsNodeInstalled(resolve: (pkg: string) => string = requireHere.resolve, hasBinding: (pkgDir: string) => boolean = bindingBuilt): boolean {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    let manifest: string;
    try {
      manifest = resolve(`${pkg}/package.json`);
    } catch {
      continue; // not installed: try the next
    }
    if (hasBinding(path.dirname(manifest))) return true;
  }
  return false;
}

function bindingBuilt(pkgDir: string): boolean {
  const lib = path.join(pkgDir, 'lib');
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(path.join(lib, d, 'tfjs_binding.node')));
}

/** The engines a sweep's trials may get: the config's, or the swept list. */
function enginesOf(config: SweepConfig): string[] {
  const swept = Object.hasOwn(config.search.params, 'engine') ? config.search.params.engine : undefined;
  return Array.isArray(swept) ? swept.map(String) : [config.engine];
}

/** Null when the named backend can run here, else the issue on `backend`. */
export function backendAvailabilityIssue(config: SweepConfig, probe = { tfjsNode: () => tfjsNodeInstalled(), native: () => loadNativeOps() }): ConfigIssue | null {
  const engines = enginesOf(config);
  if (config.backend === 'tensorflow' && engines.includes('tfjs') && !probe.tfjsNode())
    return { path: 'backend', message: 'backend "tensorflow" needs @tensorflow/tfjs-node with its native library, which is not installed here (npm install @tensorflow/tfjs-node), or choose "auto", "wasm" or "cpu"' };
  if (config.backend === 'native' && engines.includes('scratch')) {
    const native = probe.native();
    if (!native.ok) return { path: 'backend', message: `the native ops are not available here: ${native.reason} (choose "auto" or "js")` };
  }
  return null;
}
