/**
 * The app's colour tokens (CSS custom properties on :root, light or dark) for code that
 * draws on a canvas. Read once and kept until the colour scheme changes: reading a
 * computed style forces the browser to recalculate the styles of the whole page first,
 * which with a thousand-run sweep on screen cost the page over 100 ms a reading.
 */
const cache = new Map<string, string>();
let watching = false;

function watchScheme(): void {
  if (watching || typeof window === 'undefined' || !window.matchMedia) return;
  watching = true;
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener?.('change', () => cache.clear());
}

/** The token's value (`--c-accent` → `#1d5fd1`), or `fallback` when it is not set. */
export function cssToken(name: string, fallback: string): string {
  watchScheme();
  let v = cache.get(name);
  if (v === undefined) {
    v = typeof document === 'undefined' ? '' : getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    cache.set(name, v);
  }
  return v || fallback;
}

/** Forgets what was read (tests change the tokens under it). */
export function forgetTokens(): void {
  cache.clear();
}
