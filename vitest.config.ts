import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Two projects (STYLE §9): unit tests (pure functions, stores with a fake client; no disk) and integration
// tests (*.int.test.ts: real SQLite files, OpenCV, model weights, audio, ../shared data).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
          environment: 'node',
        },
        // Svelte's client runtime, so runes in stores behave as in the app.
        resolve: { conditions: ['browser'] },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Native addons (OpenCV, SQLite) and worker threads: separate processes, not VM contexts.
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
