import type { Song } from '../../../shared/api/index.ts';
import type { PlayerStore } from './player.svelte.ts';

/** What is used of `navigator.mediaSession` (tests give their own: the OS media keys are out of their reach). */
export type MediaSessionLike = Pick<MediaSession, 'metadata' | 'playbackState' | 'setActionHandler' | 'setPositionState'>;

export type MetadataInit = { title: string; artist: string; album: string; artwork: { src: string }[] };

/** The system controls' buttons, each to the player's own action. */
export function mediaActions(player: PlayerStore): [MediaSessionAction, MediaSessionActionHandler][] {
  return [
    ['play', () => player.play()],
    ['pause', () => player.pause()],
    ['nexttrack', () => player.next()],
    ['previoustrack', () => player.previous()],
    ['seekbackward', (d) => player.seekBy(-(d.seekOffset ?? 10))],
    ['seekforward', (d) => player.seekBy(d.seekOffset ?? 10)],
    ['seekto', (d) => d.seekTime !== undefined && player.seek(d.seekTime)],
  ];
}

/** Sets the handlers; returns their removal. An action the browser does not know is left out. */
export function bindMediaActions(session: MediaSessionLike, actions: [MediaSessionAction, MediaSessionActionHandler][]): () => void {
  const set = (action: MediaSessionAction, handler: MediaSessionActionHandler | null): void => {
    try {
      session.setActionHandler(action, handler);
    } catch {
      // Not supported here; the other controls still work.
    }
  };
  for (const [action, handler] of actions) set(action, handler);
  return () => actions.forEach(([action]) => set(action, null));
}

export function metadataOf(song: Song | null, cover: string | null): MetadataInit | null {
  if (!song) return null;
  return { title: song.title, artist: song.artist ?? 'Unknown artist', album: song.album ?? '', artwork: cover ? [{ src: cover }] : [] };
}

export function playbackStateOf(song: Song | null, playing: boolean): MediaSessionPlaybackState {
  return song ? (playing ? 'playing' : 'paused') : 'none';
}

/** The seek bar the system shows; null when the length is not known (the browser refuses a 0 duration). */
export function positionStateOf(durationSec: number, positionSec: number): MediaPositionState | null {
  if (!(durationSec > 0) || !Number.isFinite(durationSec)) return null;
  return { duration: durationSec, position: Math.max(0, Math.min(positionSec, durationSec)), playbackRate: 1 };
}

/**
 * The system's media controls follow the player: the keyboard's media keys, headset buttons, and the
 * desktop's media widget (MPRIS on Linux, Windows' media overlay, macOS' Now Playing) show the song and
 * play, pause, skip and seek it, in Electron and in the browser alike. Call from a component (it uses effects).
 */
export function followWithMediaSession(player: PlayerStore): void {
  const session: MediaSessionLike | undefined = typeof navigator === 'undefined' ? undefined : navigator.mediaSession;
  if (!session) return;
  $effect(() => bindMediaActions(session, mediaActions(player)));
  $effect(() => {
    const song = player.current;
    const init = metadataOf(song, song ? player.coverOf(song) : null);
    session.metadata = init ? new MediaMetadata(init) : null;
  });
  $effect(() => {
    session.playbackState = playbackStateOf(player.current, player.playing);
  });
  $effect(() => {
    const state = positionStateOf(player.durationSec, player.positionSec);
    if (!state) return;
    try {
      session.setPositionState(state);
    } catch {
      // A browser that rejects the state still has the other controls.
    }
  });
}
