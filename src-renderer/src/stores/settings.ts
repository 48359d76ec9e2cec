/** App settings (data folder, default backend and concurrency) and what the app is running on. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useApi } from '../api/client';
import type { ApiError, AppInfo, Settings } from '../shared';

export const useSettingsStore = defineStore('settings', () => {
  const api = useApi();
  const settings = ref<Settings | null>(null);
  const appInfo = ref<AppInfo | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<ApiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const [s, info] = await Promise.all([api.call('getSettings', undefined), api.call('appInfo', undefined)]);
    loading.value = false;
    error.value = !s.ok ? s.error : !info.ok ? info.error : null;
    if (s.ok) settings.value = s.data;
    if (info.ok) appInfo.value = info.data;
  }

  async function update(patch: Partial<Settings>): Promise<boolean> {
    saving.value = true;
    const r = await api.call('setSettings', patch);
    saving.value = false;
    error.value = r.ok ? null : r.error;
    if (r.ok) settings.value = r.data;
    return r.ok;
  }

  return { settings, appInfo, loading, saving, error, load, update };
});
