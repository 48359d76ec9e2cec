import { cssToken } from './themeTokens';

/**
 * A canvas sized for its CSS box and the screen's pixel ratio, so lines stay crisp on
 * HiDPI screens. Null where there is no usable 2D context (jsdom, a stub).
 */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = Math.max(1, globalThis.devicePixelRatio || 1);
  const [w, h] = [Math.max(1, Math.round(width * ratio)), Math.max(1, Math.round(height * ratio))];
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!ctx || typeof ctx.setTransform !== 'function') return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** The text colour of the page, for axes and labels (dark mode included). */
export function inkOf(_el?: Element): { ink: string; muted: string; grid: string } {
  return { ink: cssToken('--c-text', '#222'), muted: cssToken('--c-text-muted', '#777'), grid: cssToken('--c-border', '#ccc') };
}
