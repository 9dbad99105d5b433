import { getContext } from 'svelte';
import type { ApiClient } from '../../shared/api/index.ts';
import { CameraStore } from './camera/camera.svelte.ts';
import { LibraryStore } from './library/library.svelte.ts';
import { startWindowDecoder } from './library/window-decoder.ts';
import { MoodStore } from './mood/mood.svelte.ts';
import { PlayerStore } from './player/player.svelte.ts';
import { PlaylistStore } from './playlist/playlist.svelte.ts';
import { SavedPlaylistsStore } from './playlist/saved-playlists.svelte.ts';
import { AppInfoStore } from './shell/app-info.svelte.ts';
import { SettingsStore } from './shell/settings.svelte.ts';

export interface Stores {
  app: AppInfoStore;
  mood: MoodStore;
  camera: CameraStore;
  playlist: PlaylistStore;
  player: PlayerStore;
  library: LibraryStore;
  settings: SettingsStore;
  saved: SavedPlaylistsStore;
  /** Decodes M4A songs for the analysis with the platform's decoder (library/window-decoder.ts). */
  windowDecoder: { start(): () => void };
  client: ApiClient;
}

export const STORES_KEY = Symbol('emotune.stores');

export function createStores(client: ApiClient): Stores {
  const playlist = new PlaylistStore(client);
  const app = new AppInfoStore(client);
  const settings = new SettingsStore(client);
  return {
    app,
    mood: new MoodStore(client),
    camera: new CameraStore(client),
    playlist,
    player: new PlayerStore(
      { media: (id) => client.mediaUrl(id), cover: (id) => client.coverUrl(id) },
      typeof localStorage === 'undefined' ? undefined : localStorage,
      // When the playlist has been played through, a fresh one for the mood (avoiding those songs) goes on.
      {
        more: async () => (await playlist.reshuffle(), playlist.playlist?.songs ?? []),
        // Played through or skipped early: counts for (or against) the song for the mood of its list.
        onSongLeft: (song, outcome) => void playlist.recordListening(song, outcome),
        levelling: () => settings.settings?.levelVolume ?? true,
        connected: () => app.connected,
        saveSession: (session) => void client.api['player.saveSession'](session).catch(() => {}),
      },
    ),
    library: new LibraryStore(client),
    settings,
    saved: new SavedPlaylistsStore(client),
    windowDecoder: { start: () => startWindowDecoder(client) },
    client,
  };
}

/** Subscribes every store to its events (and the window's decoder for M4A analysis); returns the unsubscribe for all. */
export function startStores(stores: Stores): () => void {
  const offs = [
    stores.app.start(),
    stores.mood.start(),
    stores.camera.start(),
    stores.playlist.start(),
    stores.library.start(),
    stores.windowDecoder.start(),
    // The desktop's own controls (Electron's tray menu) drive the player.
    stores.client.subscribe('player.commandRequested', ({ command }) => {
      if (command === 'toggle') stores.player.toggle();
      else if (command === 'next') stores.player.next();
      else stores.player.previous();
    }),
  ];
  return () => offs.forEach((off) => off());
}

/** Loads every store's state (at start and after a reconnect). */
export async function refreshStores(stores: Stores): Promise<void> {
  await stores.app.refresh();
  stores.library.canPickFolder = stores.app.info?.canPickFolder ?? false;
  stores.library.suggestedFolder = stores.app.info?.suggestedMusicFolder ?? null;
  await Promise.all([
    stores.mood.refresh(),
    stores.camera.refresh(),
    stores.playlist.refresh(),
    stores.library.refresh(),
    stores.settings.refresh(),
    stores.saved.refresh(),
  ]);
  // Where the listener left off (the app keeps it: the page's own storage does not outlive a new address).
  const session = await stores.client.api['player.getSession']({});
  stores.player.restoreAppSession(session);
}

/** The stores handed down by App.svelte with setContext. */
export function useStores(): Stores {
  const stores = getContext<Stores | undefined>(STORES_KEY);
  if (!stores) throw new Error('stores are not in context');
  return stores;
}
