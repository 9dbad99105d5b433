import { join } from 'node:path';
import { app, BrowserWindow, shell } from 'electron';
import { devToolsAllowed, isAppUrl, rendererUrl } from './app-policy.ts';

/**
 * The app window: isolated, sandboxed renderer without Node; it can reach the main side only through the
 * preload's typed bridge. Navigation away and new windows are refused (links open in the system browser).
 */
export function createMainWindow(outDir: string): BrowserWindow {
  // The renderer comes through the app scheme (app-protocol.ts), the preload from the build folder.
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Emotune',
    backgroundColor: '#101418',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: devToolsAllowed(app.isPackaged),
    },
  });
  const url = rendererUrl({ isPackaged: app.isPackaged, env: process.env });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, target) => {
    if (!isAppUrl(target, url)) event.preventDefault();
  });
  // No permission is ever granted or reported as granted (camera frames come from the main side, not the page).
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  window.webContents.session.setPermissionCheckHandler(() => false);
  void window.loadURL(url);
  return window;
}
