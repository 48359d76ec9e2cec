/**
 * "Open config…": the platform's file picker (native dialog or file input), the file
 * parsed into the New sweep draft, then the form shown. Used by the form's button and
 * by the desktop menu's command.
 */
import { useRouter } from 'vue-router';
import { useApi } from '../api/client';
import { openConfigFile } from '../api/files';
import { useNewSweepStore } from '../stores/newSweep';
import { useNotificationsStore } from '../stores/notifications';

export function useConfigOpener(): () => Promise<boolean> {
  const api = useApi();
  const router = useRouter();
  const newSweep = useNewSweepStore();
  const notifications = useNotificationsStore();
  return async () => {
    const file = await openConfigFile(api);
    if (!file.ok) return (notifications.error('Could not open the config file', file.error), false);
    if (!file.data) return false;
    if (!(await newSweep.loadFile(file.data))) {
      notifications.error(`Could not read ${file.data.name}`, newSweep.error ?? undefined);
      return false;
    }
    notifications.info(`Opened ${file.data.name}`);
    if (router.currentRoute.value.name !== 'new-sweep') await router.push('/new');
    return true;
  };
}
