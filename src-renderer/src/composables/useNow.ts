/** A clock for relative times ("3 minutes ago"): one ref ticking while any component uses it. */
import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export function useNow(): Readonly<Ref<number>> {
  users++;
  if (!timer) timer = setInterval(() => (now.value = Date.now()), 15_000);
  if (getCurrentScope())
    onScopeDispose(() => {
      if (--users === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    });
  return now;
}
