import { join } from 'node:path';
import { Menu, nativeImage, Notification, Tray, type BrowserWindow } from 'electron';
import type { Song } from '../../shared/api/index.ts';
import type { Services } from '../app/index.ts';
import { songNotice } from './desktop-words.ts';

/**
 * The desktop around the window: a tray icon whose tooltip says what plays and whose menu plays, pauses and
 * skips (the page acts on `player.commandRequested`), and a notification when a new song starts while the window is
 * not in front (the *notify* setting). Thin: the words come from desktop-words.ts, tested without Electron.
 */
export function createDesktop(options: { services: () => Services | null; window: () => BrowserWindow | null; appRoot: string }): {
  nowPlaying(song: Song | null, playing: boolean): boolean;
  dispose(): void;
} {
  let tray: Tray | null = null;
  let lastSongId: number | null = null;
  const command = (name: 'toggle' | 'next' | 'previous') => () => options.services()?.events.emit('player.commandRequested', { command: name });
  const build = (song: Song | null, playing: boolean): void => {
    if (!tray) {
      const icon = nativeImage.createFromPath(join(options.appRoot, 'assets', 'icons', 'tray.png'));
      tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
    }
    const notice = songNotice(song, playing);
    tray.setToolTip(notice.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: notice.tooltip, enabled: false },
        { type: 'separator' },
        { label: playing ? 'Pause' : 'Play', click: command('toggle') },
        { label: 'Next', click: command('next'), enabled: song !== null },
        { label: 'Previous', click: command('previous'), enabled: song !== null },
        { type: 'separator' },
        { label: 'Show Emotune', click: () => options.window()?.show() },
        { role: 'quit', label: 'Quit Emotune' },
      ]),
    );
  };
  return {
    nowPlaying(song, playing) {
      build(song, playing);
      const isNew = song !== null && song.id !== lastSongId;
      lastSongId = song?.id ?? null;
      const notify = options.services()?.settings.get().notifySongChange ?? false;
      const window = options.window();
      if (!isNew || !playing || !notify || !Notification.isSupported() || (window?.isFocused() ?? false)) return false;
      const notice = songNotice(song, playing);
      new Notification({ title: notice.title, body: notice.body, silent: true }).show();
      return true;
    },
    dispose() {
      tray?.destroy();
      tray = null;
    },
  };
}
