/**
 * Saving and opening files, whichever the platform: the contract's `saveFile` and
 * `openConfigFile` (native dialogs in the desktop app); when they answer UNAVAILABLE
 * (browser mode), a download link and an <input type=file> do the same job.
 */
import type { Result, SweeplabApi } from '../shared';
import { bytesToBase64, textToBase64 } from '../lib/base64';

export interface SavedFile {
  saved: boolean;
  /** Where the desktop app wrote it; null for a browser download or a cancelled dialog. */
  path: string | null;
}

/** Over HTTP there is no native dialog to ask for: skip the round trip (and the upload). */
function isBrowserMode(api: SweeplabApi): boolean {
  return (api as { transport?: string }).transport === 'http';
}

export async function saveFile(api: SweeplabApi, name: string, content: Uint8Array | string, mime: string): Promise<Result<SavedFile>> {
  if (isBrowserMode(api)) {
    download(name, content, mime);
    return { ok: true, data: { saved: true, path: null } };
  }
  const base64 = typeof content === 'string' ? textToBase64(content) : bytesToBase64(content);
  const result = await api.call('saveFile', { suggestedName: name, base64 });
  if (result.ok || result.error.code !== 'UNAVAILABLE') return result;
  download(name, content, mime);
  return { ok: true, data: { saved: true, path: null } };
}

function download(name: string, content: Uint8Array | string, mime: string): void {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export interface OpenedFile {
  name: string;
  text: string;
}

/** The chosen config file's name and text; `null` when the person cancelled. */
export async function openConfigFile(api: SweeplabApi): Promise<Result<OpenedFile | null>> {
  // In a browser the file picker must open while the click's user activation lasts: no
  // round trip to the server first.
  if (!isBrowserMode(api)) {
    const result = await api.call('openConfigFile', undefined);
    if (result.ok || result.error.code !== 'UNAVAILABLE') return result;
  }
  try {
    return { ok: true, data: await pickFile('.json,.yaml,.yml,application/json') };
  } catch (err) {
    return { ok: false, error: { code: 'INTERNAL', message: `could not read the file: ${(err as Error).message}` } };
  }
}

function pickFile(accept: string): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.text().then((text) => resolve({ name: file.name, text }), reject);
    });
    // Fired by current Chromium and Firefox when the picker is dismissed.
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}
