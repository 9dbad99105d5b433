import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServices, type AppConfig, type Services } from '../app/index.ts';

export const APP_ROOT = resolve(import.meta.dirname, '../../..');

/** Services over a real SQLite file in `dataDir`, as the app builds them; the live part only if asked. */
export function createTestServices(dataDir: string, overrides: Partial<AppConfig> = {}): Services {
  return createServices({
    version: 'test',
    transport: 'browser',
    dataDir,
    appRoot: APP_ROOT,
    emotionWorkerUrl: pathToFileURL(join(APP_ROOT, 'src/main/emotion/emotion.worker.ts')),
    analysisWorkerUrl: pathToFileURL(join(APP_ROOT, 'src/main/analysis/analysis.worker.ts')),
    scanWorkerUrl: pathToFileURL(join(APP_ROOT, 'src/main/library/scan.worker.ts')),
    live: false,
    ...overrides,
  });
}

/** Runs an import through the job registry, as the UI does, and waits for it to finish. */
export async function importThroughJobs(services: Services, folder: string): Promise<void> {
  await new Promise<void>((resolveDone, reject) => {
    const off = services.events.on((event, payload) => {
      if (event !== 'job.finished') return;
      off();
      const finished = payload as { status: string; error: { message: string } | null };
      if (finished.status === 'done') resolveDone();
      else reject(new Error(finished.error?.message ?? finished.status));
    });
    services.jobs.start('library.import', (job) => services.importer.importFolder(folder, job));
  });
}
