import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The folder holding package.json, assets/ and data/, found by walking up from a module's location, so the
 * same code works from src/ (tests, type-stripped Node) and from the out/ bundle.
 */
export function findAppRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'assets', 'models'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Emotune's folder above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}

/** Where settings and the library live outside Electron: $EMOTUNE_DATA_DIR, else the platform's data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.EMOTUNE_DATA_DIR) return env.EMOTUNE_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Emotune');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Emotune');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'emotune');
}

export function modelDirFor(appRoot: string, model: string): string {
  return model.includes('/') || model.includes('\\') ? model : join(appRoot, 'assets', 'models', model);
}

/**
 * A worker's entry: `<name>.worker.js` beside the built entry module (out/main), or, when running from source
 * (tests, type-stripped Node), `src/main/<domain>/<name>.worker.ts`.
 */
const WORKER_DOMAINS = { emotion: 'emotion', analysis: 'analysis', scan: 'library' } as const;

export function workerUrl(entryModuleUrl: string, name: keyof typeof WORKER_DOMAINS): URL {
  const built = join(dirname(fileURLToPath(entryModuleUrl)), `${name}.worker.js`);
  if (existsSync(built)) return pathToFileURL(built);
  return pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', WORKER_DOMAINS[name], `${name}.worker.ts`));
}

export function emotionWorkerUrl(entryModuleUrl: string): URL {
  return workerUrl(entryModuleUrl, 'emotion');
}

export function analysisWorkerUrl(entryModuleUrl: string): URL {
  return workerUrl(entryModuleUrl, 'analysis');
}

export function scanWorkerUrl(entryModuleUrl: string): URL {
  return workerUrl(entryModuleUrl, 'scan');
}

/**
 * The camera check's script (camera/camera-probe.child.ts), run in a process of its own: camera-probe.js
 * beside the built entry, or the source when running from src/.
 */
export function cameraProbeScriptUrl(entryModuleUrl: string): URL {
  const built = join(dirname(fileURLToPath(entryModuleUrl)), 'camera-probe.js');
  if (existsSync(built)) return pathToFileURL(built);
  return pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'camera', 'camera-probe.child.ts'));
}
