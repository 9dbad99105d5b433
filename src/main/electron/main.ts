import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, utilityProcess, type BrowserWindow } from 'electron';
import {
  analysisWorkerUrl,
  cameraProbeScriptUrl,
  createHandlers,
  createServices,
  emotionWorkerUrl,
  findAppRoot,
  scanWorkerUrl,
  type Services,
} from '../app/index.ts';
import { probeCameraSource } from '../camera/index.ts';
import { registerIpc } from './ipc.ts';
import { handleAppProtocol, registerSchemes } from './app-protocol.ts';
import { handleMediaProtocol } from './media-protocol.ts';
import { createDesktop } from './desktop.ts';
import { createMainWindow } from './window.ts';

/** The Electron shell: the same services as browser mode, served over IPC and a media protocol. */
export function runElectronApp(entryUrl: string): void {
  const outDir = join(dirname(fileURLToPath(entryUrl)), '..');
  const appRoot = findAppRoot(entryUrl);
  registerSchemes();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let services: Services | null = null;
  let window: BrowserWindow | null = null;
  const desktop = createDesktop({ services: () => services, window: () => window, appRoot });

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  void app.whenReady().then(() => {
    try {
      services = createServices({
        version: (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version,
        transport: 'electron',
        dataDir: app.getPath('userData'),
        appRoot,
        emotionWorkerUrl: emotionWorkerUrl(entryUrl),
        analysisWorkerUrl: analysisWorkerUrl(entryUrl),
        scanWorkerUrl: scanWorkerUrl(entryUrl),
        live: true,
        pickFolder: async () => {
          const options = { title: 'Import a music folder', properties: ['openDirectory' as const] };
          const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        log: (message) => console.warn(message),
        desktop,
        // The camera is tried in a utility process first (the runAsNode fuse is off, so no Node fork).
        cameraProbe: (source) =>
          probeCameraSource((s) => {
            const child = utilityProcess.fork(fileURLToPath(cameraProbeScriptUrl(entryUrl)), [s], { stdio: 'ignore' });
            return {
              onReply: (listener) => child.on('message', listener),
              onExit: (listener) => child.on('exit', listener),
              kill: () => void child.kill(),
            };
          }, source),
      });
    } catch (error) {
      dialog.showErrorBox('Emotune cannot start', (error as Error).message);
      app.exit(1);
      return;
    }
    const ready = services;
    handleAppProtocol(join(outDir, 'renderer'));
    handleMediaProtocol(ready);
    registerIpc(createHandlers(ready), ready.events, () => window?.webContents ?? null);
    window = createMainWindow(outDir);
    // The window decodes the M4A songs the analysis cannot (its platform decoder), while it is open.
    const closeDecoder = ready.windowOpened();
    window.on('closed', () => {
      closeDecoder();
      window = null;
    });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!services) return;
    event.preventDefault();
    const closing = services;
    services = null;
    desktop.dispose();
    void closing.close().finally(() => app.exit(0));
  });
}
