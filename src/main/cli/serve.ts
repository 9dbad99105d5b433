import { spawn } from 'node:child_process';
import type { Handlers } from '../../shared/api/index.ts';
import type { Services } from '../app/index.ts';
import { removeLaunchPage, writeLaunchPage, type BrowserServer, type InstanceLock } from '../server/index.ts';

export interface ServeDeps {
  dataDir: string;
  lock: InstanceLock;
  createServices(): Services;
  createHandlers(services: Services): Handlers;
  startServer(services: Services, handlers: Handlers): Promise<BrowserServer>;
  /** Open the app in the user's browser (through the private launch page). */
  open: boolean;
  /** How a URL is opened (default: the system's launcher); tests record it instead. */
  openUrl?: (url: string) => void;
  stopSignal: Promise<void>;
  out(value: unknown): void;
  note(text: string): void;
}

/**
 * `emotune serve`: services, server, the address published in the lock, the browser opened, then running until
 * stopped. Whatever fails on the way (a full disk when the address is published, a busy port), everything
 * started so far is closed before the error goes up, so no server runs on without its lock (a later start
 * would run a second instance on the same data folder). While it serves, an error no request or job caught is
 * logged and the server goes on (the last resort; every listener catches its own).
 */
export async function serveBrowserMode(deps: ServeDeps): Promise<void> {
  let services: Services | null = null;
  let server: BrowserServer | null = null;
  const lastResort = (error: unknown): void => deps.note(`unexpected error (Emotune keeps running): ${(error as Error)?.stack ?? String(error)}`);
  process.on('uncaughtException', lastResort);
  process.on('unhandledRejection', lastResort);
  try {
    services = deps.createServices();
    server = await deps.startServer(services, deps.createHandlers(services));
    deps.lock.publish(server.url);
    deps.out({ url: server.url, port: server.port, dataDir: deps.dataDir });
    deps.note(`Emotune is running in browser mode. Open ${server.url}\nPress Ctrl+C to stop.`);
    if (deps.open) openPrivately(deps.dataDir, server.url, deps.openUrl ?? openInBrowser, deps.note);
    await deps.stopSignal;
  } finally {
    process.off('uncaughtException', lastResort);
    process.off('unhandledRejection', lastResort);
    removeLaunchPage(deps.dataDir);
    await server?.close().catch(() => {});
    await services?.close().catch(() => {});
    deps.lock.release();
  }
}

/**
 * Opens the tokened address without putting it on a command line (visible to every local user in `ps`): the
 * launcher gets a 0600 page in the data folder that forwards to it. Where that page cannot be written (a full
 * disk), nothing is opened and the printed address is the way in.
 */
export function openPrivately(dataDir: string, url: string, openUrl: (url: string) => void, note: (text: string) => void): void {
  let fileUrl: string;
  try {
    fileUrl = writeLaunchPage(dataDir, url).fileUrl;
  } catch (error) {
    note(`could not open the browser (${(error as Error).message}); open the address above yourself`);
    return;
  }
  openUrl(fileUrl);
}

export function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(command, [url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    // No browser launcher: the URL is printed.
  }
}
