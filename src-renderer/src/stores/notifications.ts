/**
 * Messages for the notification area. Infos and successes go away by themselves;
 * errors stay until dismissed, since a person must get the chance to read them. The same
 * error twice is counted, not stacked.
 */
import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import type { ApiError } from '../shared';

export type NoticeKind = 'info' | 'success' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  message: string;
  /** How many times the same message arrived while shown. */
  count: number;
}

export const INFO_TIMEOUT_MS = 5000;

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notice[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;

  function push(kind: NoticeKind, message: string): number {
    const same = items.value.find((n) => n.kind === kind && n.message === message);
    if (same) {
      same.count++;
      return same.id;
    }
    const id = nextId++;
    items.value.push({ id, kind, message, count: 1 });
    if (kind !== 'error') timers.set(id, setTimeout(() => dismiss(id), INFO_TIMEOUT_MS));
    return id;
  }

  function dismiss(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    items.value = items.value.filter((n) => n.id !== id);
  }

  /** `error('Could not delete the sweep', apiError)` → "Could not delete the sweep: <reason>". */
  function error(what: string, cause?: ApiError | string): number {
    const reason = typeof cause === 'string' ? cause : cause?.message;
    return push('error', reason ? `${what}: ${reason}` : what);
  }

  onScopeDispose(() => timers.forEach((t) => clearTimeout(t)));

  return {
    items,
    info: (message: string) => push('info', message),
    success: (message: string) => push('success', message),
    error,
    dismiss,
  };
});
