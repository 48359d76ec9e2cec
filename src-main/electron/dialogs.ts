/**
 * The desktop app's platform hooks for AppServices.setPlatform: native save and open
 * dialogs. Browser mode has neither (the page downloads files and uses
 * <input type=file>); here the main process does the file I/O, so the page never gets a
 * path it could choose itself: the user picks it in a dialog the page cannot script.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import { badInput } from '../api/errors';
import { writeFileAtomic } from '../export/outputFiles';
import type { PlatformHooks } from '../api/services';
import { MAX_CONFIG_BYTES } from '../sweep/limits';

/** A sweep config is a page of JSON or YAML; anything bigger is the wrong file. The limit every door applies. */
export { MAX_CONFIG_BYTES };
export const CONFIG_EXTENSIONS = ['json', 'yaml', 'yml'];

function filtersFor(name: string): FileFilter[] {
  const ext = path.extname(name).slice(1).toLowerCase();
  const all = { name: 'All files', extensions: ['*'] };
  return ext ? [{ name: `${ext.toUpperCase()} file`, extensions: [ext] }, all] : [all];
}

/** `parent` gives the dialogs their window (modal to it); none: free-standing dialogs. */
export function createDialogs(parent: () => BrowserWindow | null): PlatformHooks {
  const show = <T>(withParent: (w: BrowserWindow) => Promise<T>, alone: () => Promise<T>): Promise<T> => {
    const w = parent();
    return w && !w.isDestroyed() ? withParent(w) : alone();
  };
  return {
    async saveFile({ suggestedName, base64 }) {
      // Only a name: a suggested "../../x" must not pick the folder.
      const name = path.basename(suggestedName) || 'export';
      const options = { defaultPath: path.join(app.getPath('documents'), name), filters: filtersFor(name) };
      const res = await show((w) => dialog.showSaveDialog(w, options), () => dialog.showSaveDialog(options));
      if (res.canceled || !res.filePath) return { saved: false, path: null };
      await writeFileAtomic(res.filePath, Buffer.from(base64, 'base64'), { again: 'save again' });
      return { saved: true, path: res.filePath };
    },
    async chooseFolder({ title }) {
      const options = { title: title ?? 'Choose a folder', defaultPath: app.getPath('documents'), properties: ['openDirectory' as const, 'createDirectory' as const] };
      const res = await show((w) => dialog.showOpenDialog(w, options), () => dialog.showOpenDialog(options));
      return { path: res.canceled ? null : (res.filePaths[0] ?? null) };
    },
    async openConfigFile() {
      const options = {
        title: 'Open sweep config',
        properties: ['openFile' as const],
        filters: [{ name: 'Sweep config (JSON, YAML)', extensions: CONFIG_EXTENSIONS }],
      };
      const res = await show((w) => dialog.showOpenDialog(w, options), () => dialog.showOpenDialog(options));
      const file = res.filePaths[0];
      if (res.canceled || !file) return null;
      const { size } = await stat(file);
      if (size > MAX_CONFIG_BYTES) {
        const mb = (size / 1024 / 1024).toFixed(1);
        throw badInput(`${path.basename(file)} is ${mb} MB; a sweep config file is at most 1 MB`);
      }
      return { name: path.basename(file), text: await readFile(file, 'utf8') };
    },
  };
}
