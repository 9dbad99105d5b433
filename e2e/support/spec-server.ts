import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { tempDir } from './builders.ts';
import { startEmotune, type RunningEmotune } from './emotune-server.ts';

/** What a spec gives `serveForSpec`: the camera source and, optionally, a model folder and a home folder (its data folder is `<dir>/data`). */
export interface SpecServer {
  camera: string;
  model?: string;
  /** The server's home folder (HOME), e.g. with a Music folder in it; the user's own by default. */
  home?: string;
}

/**
 * One Emotune server for the tests of a `test.describe`: before them, a fresh temp folder and `setup(dir)` (which
 * builds the camera video, the music folder or a broken model there), then `emotune serve`; after them, the
 * server stopped and the folder removed. Read `app` and `dir` inside the tests.
 */
export function serveForSpec(prefix: string, setup: (dir: string) => SpecServer): { readonly app: RunningEmotune; readonly dir: string } {
  let dir: string | undefined;
  let app: RunningEmotune | undefined;
  test.beforeAll(async () => {
    dir = tempDir(prefix);
    app = await startEmotune({ ...setup(dir), dataDir: join(dir, 'data') });
  });
  test.afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Emotune server of this spec has not started');
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get dir() {
      return started(dir);
    },
  };
}
