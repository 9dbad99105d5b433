// electron-vite's main entry: a shim, so the Electron shell stays in src/main/electron.
import { runElectronApp } from './electron/main.ts';

runElectronApp(import.meta.url);
