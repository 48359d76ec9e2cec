/**
 * The example configs in resources/examples, offered as presets. A config file carries
 * only config keys (the schema is strict), so a preset's title and blurb come from the
 * config's `description`: "Title: the rest." splits at the first colon, when that leaves
 * a short title; otherwise the config's name is the title.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { resourcesDir } from '../paths';
import { validateSweepConfig } from '../sweep/configSchema';
import type { Preset, SweepConfigInput } from './contract';

const TITLE_MAX = 60;

export function describePreset(id: string, config: { name: string; description?: string }): { title: string; description: string } {
  const text = (config.description ?? '').trim();
  const colon = text.indexOf(':');
  if (colon > 0 && colon <= TITLE_MAX) {
    const rest = text.slice(colon + 1).trim();
    return { title: text.slice(0, colon).trim(), description: rest.charAt(0).toUpperCase() + rest.slice(1) };
  }
  return { title: config.name || id, description: text };
}

/** Seed presets (the course assignment's) first, then the rest by name. */
const order = (id: string) => (id.startsWith('seed-') ? 0 : 1);

export async function loadPresets(env?: NodeJS.ProcessEnv): Promise<Preset[]> {
  const dir = path.join(resourcesDir(env), 'examples');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));
  const presets: Preset[] = [];
  for (const file of files) {
    const id = path.basename(file, '.json');
    try {
      const config = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as SweepConfigInput;
      const check = validateSweepConfig(config);
      if (!check.ok) throw new Error(`${check.issues[0].path}: ${check.issues[0].message}`);
      presets.push({ id, ...describePreset(id, config), config });
    } catch (err) {
      // One broken example must not hide the others; it is ours to fix, so say so loudly.
      console.error(`sweeplab: skipping preset ${path.join(dir, file)}: ${(err as Error).message}`);
    }
  }
  return presets.sort((a, b) => order(a.id) - order(b.id) || a.id.localeCompare(b.id));
}
