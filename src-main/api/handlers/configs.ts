/**
 * Config files: presets, parsing and writing JSON/YAML, and the desktop's open dialog.
 * The text is read and written by sweep/configText.ts, the reader the CLI uses too.
 */
import { formatConfigText, parseConfigForEditing } from '../../sweep/configText';
import type { Handlers } from '../context';
import { badInput, unavailable } from '../errors';
import { loadPresets } from '../presets';
import { schemas } from '../schemas';

export const configHandlers = {
  presets: { input: schemas.presets, run: (ctx) => loadPresets(ctx.env) },
  parseConfig: { input: schemas.parseConfig, run: (_ctx, { name, text }) => ({ config: parseConfigForEditing(text, name) }) },

  formatConfig: {
    input: schemas.formatConfig,
    run(_ctx, { config, format }) {
      // Not validated as a sweep config: saving an unfinished form is allowed, and the
      // file is checked when it is opened or launched.
      if (config === null || typeof config !== 'object' || Array.isArray(config))
        throw badInput('config: must be an object', [{ path: 'config', message: 'must be an object' }]);
      return formatConfigText(config as Record<string, unknown>, format);
    },
  },

  openConfigFile: {
    input: schemas.openConfigFile,
    run(ctx) {
      if (!ctx.platform.openConfigFile) throw unavailable(`openConfigFile is not available in ${ctx.mode} mode: use a file input instead`);
      return ctx.platform.openConfigFile();
    },
  },
} satisfies Handlers<'presets' | 'parseConfig' | 'formatConfig' | 'openConfigFile'>;
