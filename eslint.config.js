// Lint as errors (STYLE §2): the layering between runtimes and domains is enforced here, not by review.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './.eslint-plugin-local/index.js';

const native = ['electron', 'node:*', 'better-sqlite3', '@u4/opencv4nodejs', '@tensorflow/*', 'music-metadata', 'ws', 'howler'];
const ban = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

// Main-side layers, low to high; a layer may import only layers below it (and shared).
const LAYERS = [
  ['jobs', 'settings', 'testing'],
  ['library', 'camera', 'emotion'],
  ['analysis', 'recommend', 'mood'],
  ['app'],
  ['electron', 'server', 'cli'],
];
const higherThan = (domain) => {
  const level = LAYERS.findIndex((layer) => layer.includes(domain));
  return LAYERS.slice(level + 1).flat();
};
const layerZones = LAYERS.flat()
  .filter((domain) => domain !== 'testing')
  .map((domain) => ({
    target: `./src/main/${domain}`,
    from: higherThan(domain).map((d) => `./src/main/${d}`),
    message: `src/main/${domain} may not import a higher layer (STYLE §2)`,
  }))
  .filter((zone) => zone.from.length > 0);

// Files of pure logic: maths and rules over plain data, no I/O (STYLE §3).
const PURE_FILES = [
  'src/main/emotion/preprocess.ts',
  'src/main/emotion/smoothing.ts',
  'src/main/emotion/model-manifest.ts',
  'src/main/emotion/rater-agreement.ts',
  'src/main/recommend/rules.ts',
  'src/main/recommend/mood-space.ts',
  'src/main/recommend/mood-index.ts',
  'src/main/recommend/mood-ranking.ts',
  'src/main/recommend/rec-metrics.ts',
  'src/main/analysis/descriptors.ts',
  'src/main/analysis/spectral-measures.ts',
  'src/main/analysis/audio-headers.ts',
  'src/main/analysis/logistic.ts',
  'src/main/analysis/mer-metrics.ts',
  'src/main/analysis/mer-training.ts',
  'src/main/analysis/music-emotion-model.ts',
  'src/main/analysis/spotify-placement.ts',
  'src/main/jobs/throttle.ts',
  'src/main/settings/settings.ts',
  'src/main/camera/camera-source.ts',
  'src/main/app/http-range.ts',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { local },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'local/code-layering': [
        'error',
        {
          zones: [
            { target: './src/renderer', from: './src/main', message: 'the renderer reaches the main side only through the API client' },
            { target: './src/shared', from: ['./src/main', './src/renderer', './src/preload'], message: 'shared code depends on nothing but zod' },
            { target: './src/main', from: './src/renderer' },
            { target: './src/preload', from: ['./src/main', './src/renderer'] },
            ...layerZones,
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/shared/**'],
    rules: ban([...native, 'svelte', 'svelte/*'], 'shared code runs anywhere: no Node, Electron, DOM or native modules'),
  },
  {
    files: ['src/renderer/**'],
    rules: ban(native, 'the renderer has no Node: it asks the main side through the API client'),
  },
  {
    files: ['src/renderer/src/player/sound-session.ts', 'src/renderer/src/player/sound-session.test.ts'],
    rules: ban(
      native.filter((m) => m !== 'howler'),
      "the player's sound session is the one place Howler is used",
    ),
  },
  {
    files: ['src/renderer/**/*.svelte'],
    rules: ban(
      [...native, '../api/*', './api/*'],
      'components render store state and call store methods: no client, Howler or Node here (STYLE §7)',
    ),
  },
  {
    files: ['src/main/**'],
    // The Electron shell, and electron-vite's entry shim that starts it.
    ignores: ['src/main/electron/**', 'src/main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'only src/main/electron imports electron' }],
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\.)[a-z-]+/(?!index\\.ts$).+',
              message: 'reach another domain through its index.ts only (STYLE §2)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.test.ts', 'src/main/testing/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: PURE_FILES,
    rules: ban([...native, 'fs', 'path', 'child_process'], 'pure logic: no I/O here; the service around it does the I/O (STYLE §3)'),
  },
  {
    files: ['e2e/**', 'scripts/**', '*.config.ts', '*.config.js', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
