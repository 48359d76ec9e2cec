/**
 * The sequential colour scale of the analysis views (viridis, interpolated between nine
 * stops), run backwards: t = 1 (the better end) is dark violet, t = 0 yellow, as the curve
 * charts colour runs by rank (dark = best; yellow barely shows on white, which suits the
 * worst runs). Lines are
 * binned into BUCKETS colours, so a thousand runs are drawn with a handful of paths. Pure.
 */
const STOPS: readonly [number, number, number][] = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [253, 231, 37],
];

export const BUCKETS = 24;

/** The colour at t in 0..1, as `rgb(r, g, b)`. The analysis views pass t so that the better end is 1: dark. */
export function sequentialColor(t: number): string {
  const x = (1 - Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0))) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  const c = a.map((v, k) => Math.round(v + f * (b[k] - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The bucket of t (0..BUCKETS-1) and each bucket's colour. */
export const bucketOf = (t: number): number => Math.min(BUCKETS - 1, Math.max(0, Math.floor(t * BUCKETS)));
export const BUCKET_COLORS: readonly string[] = Array.from({ length: BUCKETS }, (_, i) => sequentialColor((i + 0.5) / BUCKETS));

/** A CSS gradient of the scale, for legends. */
export function gradientCss(direction = 'to right'): string {
  return `linear-gradient(${direction}, ${STOPS.map((_, i) => sequentialColor(i / (STOPS.length - 1))).join(', ')})`;
}
