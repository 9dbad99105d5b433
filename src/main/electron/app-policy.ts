// Pure decisions of the Electron shell (no `electron` import here, so they are unit-tested where Electron
// cannot start): where the renderer is loaded from, and the policy it runs under.
import { CSP_LOCKDOWN } from '../server/index.ts';

/** The app's own scheme: the renderer is served from out/renderer through it, never from file://. */
export const APP_SCHEME = 'emotune-app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/**
 * The renderer's Content Security Policy in Electron, sent as a header with every page of the app scheme. It
 * is stricter than browser mode's: no WebSocket (events come over IPC), no wasm compilation (the window
 * decodes M4A with the platform's decoder), media and covers only from the media scheme. The page's own meta
 * policy also applies (both must allow a load), so this header is what removes browser mode's `ws:`.
 */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: emotune-media:",
  "media-src 'self' emotune-media:",
  "connect-src 'self' emotune-media:",
  ...CSP_LOCKDOWN,
].join('; ');

/**
 * Where the window loads the renderer from: electron-vite's dev server only in development (an unpackaged
 * app started with ELECTRON_RENDERER_URL pointing at loopback), else the app scheme. A packaged app ignores the
 * variable, so nobody can point an installed Emotune at another page through its environment.
 */
export function rendererUrl(options: { isPackaged: boolean; env: NodeJS.ProcessEnv }): string {
  const dev = options.env.ELECTRON_RENDERER_URL;
  if (!options.isPackaged && dev && /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(`${dev.replace(/\/?$/, '/')}`)) return dev;
  return `${APP_ORIGIN}/index.html`;
}

/** DevTools only in development: a packaged app has none to open (the renderer holds the library's data). */
export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged;
}

/** Whether a navigation stays on the app's own page (anything else is refused). */
export function isAppUrl(url: string, loaded: string): boolean {
  try {
    // Compared by scheme and host: a custom scheme's URL has the opaque origin "null", as file:// has.
    const a = new URL(url);
    const b = new URL(loaded);
    return a.protocol === b.protocol && a.host === b.host && a.host !== '';
  } catch {
    return false;
  }
}
