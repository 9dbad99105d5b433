import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const APP_ROOT = resolve(import.meta.dirname, '../..');

export interface RunningEmotune {
  url: string;
  origin: string;
  stop(): Promise<void>;
  logs(): string;
}

/** Starts `emotune serve` as a user would (the built CLI), and reads the tokened URL it prints. */
export async function startEmotune(options: { camera: string; dataDir: string; model?: string; home?: string; port?: number }): Promise<RunningEmotune> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      resolve(APP_ROOT, 'bin/emotune.js'),
      'serve',
      '--camera',
      options.camera,
      '--data-dir',
      options.dataDir,
      '--port',
      String(options.port ?? 0),
      ...(options.model ? ['--model', options.model] : []),
    ],
    {
      cwd: APP_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A home folder of the test's own: what the app finds there (a music folder) is the test's.
      env: options.home ? { ...process.env, HOME: options.home, XDG_CONFIG_HOME: join(options.home, '.config') } : process.env,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = await new Promise<{ url: string }>((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`emotune serve did not start:\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        const parsed = JSON.parse(stdout) as { url: string };
        clearTimeout(timer);
        resolveStarted(parsed);
      } catch {
        // The JSON is not complete yet.
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emotune serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url: started.url,
    origin: new URL(started.url).origin,
    logs: () => stderr,
    stop: () =>
      new Promise<void>((resolveStopped) => {
        if (child.exitCode !== null) return resolveStopped();
        child.once('exit', () => resolveStopped());
        child.kill('SIGTERM');
      }),
  };
}
