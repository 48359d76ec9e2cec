/**
 * Saving a rendered PNG (chart or figure) or SVG the way every export button does: a native save
 * dialog in the app, a download in a browser, and a notification either way.
 */
import { ref } from 'vue';
import { useApi } from '../api/client';
import { saveFile } from '../api/files';
import { useNotificationsStore } from '../stores/notifications';

export function usePngExport(fileName: () => string, render: () => Promise<Uint8Array> | Uint8Array, mime = 'image/png') {
  const api = useApi();
  const notifications = useNotificationsStore();
  const exporting = ref(false);

  async function exportPng(): Promise<void> {
    const name = fileName();
    exporting.value = true;
    try {
      const saved = await saveFile(api, name, await render(), mime);
      if (!saved.ok) notifications.error(`Could not save ${name}`, saved.error);
      else if (saved.data.saved) notifications.success(saved.data.path ? `Saved ${saved.data.path}` : `Downloaded ${name}`);
    } catch (err) {
      notifications.error(`Could not export ${name}`, (err as Error).message);
    } finally {
      exporting.value = false;
    }
  }

  return { exporting, exportPng };
}
