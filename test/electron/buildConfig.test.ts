/**
 * The build layout the code depends on: index.ts loads ../preload/preload.cjs and
 * ../renderer/index.html from out/main/, and workerEntry() finds worker.js beside the
 * bundle. A change to electron.vite.config.ts that breaks one of these fails here, not
 * in a packaged app.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';

const root = path.resolve(import.meta.dirname, '../..');
const cfg = config as Record<'main' | 'preload' | 'renderer', any>;

describe('electron-vite config', () => {
  it('builds the app entry, the trial worker and its frame thread side by side in out/main, as ES modules', () => {
    const b = cfg.main.build;
    expect(b.outDir).toBe(path.join(root, 'out/main'));
    expect(b.rollupOptions.input).toEqual({
      index: path.join(root, 'src-main/index.ts'),
      worker: path.join(root, 'src-main/worker/main.ts'),
      dataProcess: path.join(root, 'src-main/api/dataProcess.ts'),
      frameThread: path.join(root, 'src-main/frames/frameThreadMain.ts'),
    });
    expect(b.rollupOptions.output).toMatchObject({ format: 'es', entryFileNames: '[name].js' });
    // Chunks in the same folder: import.meta.url of any bundled module is in out/main.
    expect(b.rollupOptions.output.chunkFileNames).not.toContain('/');
    expect(b.externalizeDeps).not.toBe(false);
  });

  it('minifies the renderer and puts Vue, Chart.js and zod in chunks of their own', () => {
    const b = cfg.renderer.build;
    expect(b.minify).toBe('esbuild');
    const chunk = b.rollupOptions.output.manualChunks as (id: string) => string | undefined;
    expect(chunk('/x/node_modules/chart.js/dist/chart.js')).toBe('chart');
    expect(chunk('/x/node_modules/@vue/runtime-core/dist/runtime-core.esm-bundler.js')).toBe('vue');
    expect(chunk('/x/node_modules/pinia/dist/pinia.mjs')).toBe('vue');
    expect(chunk('/x/node_modules/zod/v4/core/core.js')).toBe('zod');
    expect(chunk('/x/src-renderer/src/views/SweepView.vue')).toBeUndefined();
  });

  it('builds the preload as one CommonJS file at out/preload/preload.cjs (sandboxed preloads cannot be ESM)', () => {
    const b = cfg.preload.build;
    expect(b.outDir).toBe(path.join(root, 'out/preload'));
    expect(Object.keys(b.rollupOptions.input)).toEqual(['preload']);
    expect(b.rollupOptions.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' });
  });

  it('builds the renderer from src-renderer into out/renderer, with no alias into src-main', () => {
    const r = cfg.renderer;
    expect(r.root).toBe(path.join(root, 'src-renderer'));
    expect(r.build.outDir).toBe(path.join(root, 'out/renderer'));
    expect(r.build.rollupOptions.input).toBe(path.join(root, 'src-renderer/index.html'));
    expect(r.resolve?.alias).toBeUndefined();
    expect(r.plugins.flat().some((p: { name?: string }) => p?.name === 'vite:vue')).toBe(true);
  });

  it('lets the renderer reach src-main only through shared.ts, the list of pure modules', () => {
    const src = path.join(root, 'src-renderer/src');
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|vue)$/.test(f) && f !== 'shared.ts')
      .filter((f) => /from '[^']*src-main/.test(readFileSync(path.join(src, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
