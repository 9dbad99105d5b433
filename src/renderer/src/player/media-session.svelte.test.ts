import { describe, expect, it } from 'vitest';
import { scriptedSounds, song } from '../testing/scripted-sound.ts';
import { bindMediaActions, mediaActions, metadataOf, playbackStateOf, positionStateOf, type MediaSessionLike } from './media-session.svelte.ts';
import { PlayerStore } from './player.svelte.ts';

const urls = { media: (id: number) => `/media/${id}`, cover: (id: number) => `/media/cover/${id}` };

/** The system's side of the media session: its buttons (the OS media keys), one of which it does not know. */
function systemControls() {
  const handlers = new Map<string, MediaSessionActionHandler>();
  const session: MediaSessionLike = {
    metadata: null,
    playbackState: 'none',
    setActionHandler: (action, handler) => {
      if (action === 'seekforward') throw new TypeError(`${action} is not supported`);
      if (handler) handlers.set(action, handler);
      else handlers.delete(action);
    },
    setPositionState: () => {},
  };
  const press = (action: MediaSessionAction, details: Partial<MediaSessionActionDetails> = {}) =>
    handlers.get(action)?.({ action, ...details } as MediaSessionActionDetails);
  return { session, handlers, press };
}

describe('the media session', () => {
  it("lets the system's media keys play, pause, skip and seek, and removes them again", () => {
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound });
    player.setQueue([song(1), song(2)]);
    const system = systemControls();
    const unbind = bindMediaActions(system.session, mediaActions(player));
    expect([...system.handlers.keys()].sort()).toEqual(['nexttrack', 'pause', 'play', 'previoustrack', 'seekbackward', 'seekto']);
    system.press('play');
    expect(player.current?.id).toBe(1);
    expect(player.playing).toBe(true);
    system.press('pause');
    expect(player.playing).toBe(false);
    system.press('seekto', { seekTime: 42 });
    expect(player.positionSec).toBe(42);
    system.press('seekbackward');
    expect(player.positionSec).toBe(32);
    system.press('nexttrack');
    expect(player.current?.id).toBe(2);
    system.press('previoustrack');
    expect(player.current?.id).toBe(1);
    unbind();
    expect(system.handlers.size).toBe(0);
  });

  it('shows the song, whether it plays, and where', () => {
    const withTags = { ...song(1), artist: 'Grey Skies', album: 'Harbours' };
    expect(metadataOf(withTags, '/media/cover/1')).toEqual({ title: 'S1', artist: 'Grey Skies', album: 'Harbours', artwork: [{ src: '/media/cover/1' }] });
    expect(metadataOf(song(2), null)).toEqual({ title: 'S2', artist: 'Unknown artist', album: '', artwork: [] });
    expect(metadataOf(null, null)).toBeNull();
    expect(playbackStateOf(song(1), true)).toBe('playing');
    expect(playbackStateOf(song(1), false)).toBe('paused');
    expect(playbackStateOf(null, false)).toBe('none');
    expect(positionStateOf(60, 61.2)).toEqual({ duration: 60, position: 60, playbackRate: 1 });
    expect(positionStateOf(0, 3)).toBeNull();
    expect(positionStateOf(Number.POSITIVE_INFINITY, 3)).toBeNull();
  });
});
