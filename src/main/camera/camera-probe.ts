import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How long a camera source may take to give its first frame before it counts as not answering. */
export const CAMERA_PROBE_SECONDS = 10;

/** A running probe: its answer, and a way to end it. */
export interface ProbeProcess {
  onReply(listener: (reply: { ok: boolean; message?: string }) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Starts the probe in a Node child process (browser mode and the CLI); Electron starts a utility process. */
export function forkProbe(scriptUrl: URL, source: string): ProbeProcess {
  const child = fork(fileURLToPath(scriptUrl), [source], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json' });
  child.unref();
  child.channel?.unref();
  return {
    onReply: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => void child.kill('SIGKILL'),
  };
}

/**
 * Tries a camera source in another process (camera-probe.child.ts): resolves when it gives a frame, rejects
 * with the reason when it cannot be opened, or when it has not answered within the time limit (the process is
 * killed). The app's own thread never waits on the source.
 */
export function probeCameraSource(start: (source: string) => ProbeProcess, source: string | number, timeoutSec: number = CAMERA_PROBE_SECONDS): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = start(String(source));
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      probe.kill();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`it did not answer within ${timeoutSec} s`)), timeoutSec * 1000);
    probe.onReply((reply) => finish(reply.ok ? null : new Error(reply.message ?? 'it could not be opened')));
    probe.onExit((code) => finish(new Error(`the camera check stopped (${code ?? 'killed'})`)));
  });
}
