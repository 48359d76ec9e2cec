/**
 * A player's clock over `count()` positions (frames, or a lockstep timeline's steps):
 * play advances one position every frameInterval(speed) ms (lib/framePlayer.ts's rules);
 * while the run is live and the player sits at the end, new positions are followed, so a
 * training run shows its latest frame. A finished run opens at its last frame (the result).
 */
import { onScopeDispose, ref, watch } from 'vue';
import { clampIndex, frameInterval, play, tick, type Speed } from '../lib/framePlayer';

export function usePlayback(count: () => number, live: () => boolean) {
  const index = ref(0);
  const playing = ref(false);
  const speed = ref<Speed>(1);
  let timer: ReturnType<typeof setInterval> | null = null;
  let seen = 0;

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }
  function start(): void {
    stop();
    timer = setInterval(() => {
      const next = tick({ index: index.value, playing: playing.value }, count(), live());
      index.value = next.index;
      if (!next.playing) (playing.value = false), stop();
    }, frameInterval(speed.value));
  }

  function toggle(): void {
    if (playing.value) {
      playing.value = false;
      return stop();
    }
    const next = play({ index: index.value, playing: false }, count());
    [index.value, playing.value] = [next.index, next.playing];
    if (playing.value) start();
  }
  function setIndex(i: number): void {
    index.value = clampIndex(i, count());
  }
  function setSpeed(s: number): void {
    speed.value = s as Speed;
    if (playing.value) start();
  }

  // New positions: follow them from the end (or on first load); otherwise stay put.
  watch(
    count,
    (n) => {
      const atEnd = seen === 0 || index.value >= seen - 1;
      if (n > 0 && atEnd && !playing.value) index.value = n - 1;
      seen = n;
      if (index.value > n - 1) index.value = Math.max(0, n - 1);
    },
    { immediate: true },
  );
  onScopeDispose(stop);

  return { index, playing, speed, toggle, setIndex, setSpeed };
}
