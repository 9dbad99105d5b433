import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

// One build for both shells: out/main holds the Electron entry (index.js), the `emotune` CLI and browser-mode
// server (cli.js), and the worker threads (emotion, analysis and scan .worker.js); out/preload the sandboxed bridge (CommonJS, as
// sandboxed preloads must be); out/renderer the Svelte UI that Electron and browser mode both load.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/main.ts'),
          'emotion.worker': resolve('src/main/emotion/emotion.worker.ts'),
          'analysis.worker': resolve('src/main/analysis/analysis.worker.ts'),
          'scan.worker': resolve('src/main/library/scan.worker.ts'),
          'camera-probe': resolve('src/main/camera/camera-probe.child.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  },
});
