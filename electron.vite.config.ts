/**
 * Three builds, one config (electron-vite 5):
 * - main: the Electron entry, the trial worker and its frame thread, as ES modules in
 *   out/main/. The worker must sit beside index.js: workerLauncher's workerEntry() looks
 *   for `worker.js` in the folder of the module it was bundled into (and the worker's
 *   frames/frameThread.ts for `frameThread.js`, the same way). Shared code goes into chunks in that same
 *   folder, so `import.meta.url` of any bundled module still points at out/main/.
 *   Dependencies stay external (electron-vite's externalizeDeps, on by default): native
 *   ones (better-sqlite3, @napi-rs/canvas, @tensorflow/*) cannot be bundled at all.
 * - preload: one CommonJS file, because a sandboxed preload cannot be an ES module and can
 *   require nothing but `electron` (everything else, the contract included, is inlined).
 * - renderer: Vue, from src-renderer/, minified, with Vue, Chart.js and zod in chunks of
 *   their own. It reaches the pure modules of src-main/ (contract,
 *   metrics, config schema, chart specs) through src-renderer/src/shared.ts, by relative
 *   paths, and tsconfig.web.json lists each of them, so the renderer cannot import Node code.
 */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          worker: resolve(root, 'src-main/worker/main.ts'),
          // Data-set samples and predictions, off the main process's event loop (api/dataProcess.ts).
          dataProcess: resolve(root, 'src-main/api/dataProcess.ts'),
          // The worker's frame thread (frames/frameThread.ts looks for `frameThread.js` beside its bundle).
          frameThread: resolve(root, 'src-main/frames/frameThreadMain.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Minified, and the libraries apart from the app's code: an app update changes only
      // its own chunk, and no single file carries everything (it was one 1.2 MB file).
      minify: 'esbuild',
      rollupOptions: {
        input: resolve(root, 'src-renderer/index.html'),
        output: {
          manualChunks(id) {
            if (id.includes('node_modules/chart.js') || id.includes('node_modules/@kurkle')) return 'chart';
            if (/node_modules\/(@vue|vue|vue-router|pinia)\//.test(id)) return 'vue';
            if (id.includes('node_modules/zod')) return 'zod';
            return undefined;
          },
        },
      },
    },
  },
});
