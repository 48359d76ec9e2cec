/**
 * "Open config…": the platform's file picker (native dialog or file input), the file
 * parsed into the New sweep draft, then the form shown. Used by the form's button and
 * by the desktop menu's command.
 */
import { useRouter } from 'vue-router';
import { useApi } from '../api/client';
import { openConfigFile } from '../api/files';
import type { ApiError } from '../shared';
import { useNewSweepStore } from '../stores/newSweep';
import { useNotificationsStore } from '../stores/notifications';

/**
 * Every problem, in the one line a notification shows: `model.activaton: unknown key;
 * concurency: unknown key`. A path in parentheses (`(file)`) is the whole file, already named.
 */
function problems(error: ApiError | null): ApiError | string | undefined {
  if (!error?.issues?.length) return error ?? undefined;
  return error.issues.map((i) => (/^\(.*\)$/.test(i.path) ? i.message : `${i.path}: ${i.message}`)).join('; ');
}

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
      notifications.error(`Could not open ${file.data.name}`, problems(newSweep.error));
      return false;
    }
    notifications.info(`Opened ${file.data.name}`);
    if (router.currentRoute.value.name !== 'new-sweep') await router.push('/new');
    return true;
  };
}
