/** Settings: the data folder, the default backend and concurrency for new sweeps. */
import type { Handlers } from '../context';
import { schemas } from '../schemas';

export const settingsHandlers = {
  getSettings: { input: schemas.getSettings, run: (ctx) => ctx.settings.get() },
  setSettings: { input: schemas.setSettings, run: (ctx, patch) => ctx.settings.set(patch) },
} satisfies Handlers<'getSettings' | 'setSettings'>;
