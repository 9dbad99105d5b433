import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Song } from '../../../shared/api/index.ts';
import { scriptedSounds, song } from '../testing/scripted-sound.ts';
import { formatTime, PlayerStore } from './player.svelte.ts';

const urls = { media: (id: number) => `/media/${id}`, cover: (id: number) => `/media/cover/${id}` };

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('PlayerStore (no audio played)', () => {
  it('remembers the volume between sessions, clamped to [0, 1]', () => {
    const storage = memoryStorage({ 'emotune.volume': '0.35' });
    const player = new PlayerStore(urls, storage);
    expect(player.volume).toBe(0.35);
    player.setVolume(1.4);
    expect(player.volume).toBe(1);
    expect(storage.data['emotune.volume']).toBe('1');
    expect(new PlayerStore(urls, memoryStorage()).volume).toBe(0.8);
    expect(new PlayerStore(urls, memoryStorage({ 'emotune.volume': 'loud' })).volume).toBe(0.8);
  });

  it('knows a cover URL only for songs with cover art, and what comes next', () => {
    const player = new PlayerStore(urls);
    expect(player.coverOf({ ...song(1), hasCover: true })).toBe('/media/cover/1');
    expect(player.coverOf(song(2))).toBeNull();
    player.setQueue([song(1), song(2)]);
    expect(player.hasNext).toBe(true);
  });
});

describe('PlayerStore playing a queue', () => {
  afterEach(() => vi.useRealTimers());

  it('plays the queue in order, then a fresh playlist that starts with another song than the last', async () => {
    const sounds = scriptedSounds();
    const more = vi.fn(async () => [song(2), song(3)]);
    const player = new PlayerStore(urls, undefined, { more, createSound: sounds.createSound });
    player.setQueue([song(1), song(2)]);
    player.play();
    expect(sounds.playingSrc()).toBe('/media/1');
    sounds.end();
    expect(sounds.playingSrc()).toBe('/media/2');
    sounds.end();
    await vi.waitFor(() => expect(player.current?.id).toBe(3));
    expect(more).toHaveBeenCalledTimes(1);
    expect(player.queue.map((s) => s.id)).toEqual([2, 3]);
    expect(player.playing).toBe(true);
  });

  it('goes on to a fresh playlist on Next at the last song, unless the user picks a song meanwhile', async () => {
    const sounds = scriptedSounds();
    let answer: (songs: Song[]) => void = () => {};
    const player = new PlayerStore(urls, undefined, {
      more: () => new Promise<Song[]>((resolve) => (answer = resolve)),
      createSound: sounds.createSound,
    });
    player.setQueue([song(1)]);
    player.play();
    player.next();
    answer([song(1), song(4)]);
    await vi.waitFor(() => expect(player.current?.id).toBe(4));
    expect(player.hasNext).toBe(false);
    // Next again, but the user plays song 9 before the new playlist arrives: song 9 stays.
    player.next();
    player.play(song(9));
    const pending = answer;
    pending([song(6)]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(player.current?.id).toBe(9);
    expect(player.queue.map((s) => s.id)).toEqual([1, 4]);
  });

  it('says why a song cannot be played and skips to the next one, but not past the end of the queue', async () => {
    vi.useFakeTimers();
    const sounds = scriptedSounds();
    const more = vi.fn(async () => [song(7)]);
    const player = new PlayerStore(urls, undefined, { more, createSound: sounds.createSound, skipAfterErrorSec: 2 });
    player.setQueue([song(1), song(2)]);
    player.play();
    sounds.failToLoad();
    expect(player.error).toBe('Cannot play “S1”: Decoding error.');
    vi.advanceTimersByTime(1900);
    expect(player.current?.id).toBe(1);
    vi.advanceTimersByTime(200);
    expect(player.current?.id).toBe(2);
    expect(player.error).toBeNull();
    sounds.failToLoad();
    vi.advanceTimersByTime(10_000);
    // A broken last song does not fetch playlist after playlist of songs that may not play either.
    expect(player.current?.id).toBe(2);
    expect(more).not.toHaveBeenCalled();
  });
});

describe('PlayerStore listening reports', () => {
  it('reports a song played to its end, one left in its first 30 s as skipped, and nothing for one heard longer', () => {
    const sounds = scriptedSounds();
    const left: [number, string][] = [];
    const player = new PlayerStore(urls, undefined, {
      createSound: sounds.createSound,
      onSongLeft: (s, outcome) => left.push([s.id, outcome]),
    });
    player.setQueue([song(1), song(2), song(3), song(4)]);
    player.play();
    sounds.end();
    expect(left).toEqual([[1, 'played']]);
    // Song 2 after 4 seconds: skipped.
    player.positionSec = 4;
    player.next();
    expect(left).toEqual([[1, 'played'], [2, 'skipped']]);
    // Song 3 heard for 45 seconds, then Next: neither a like nor a skip.
    player.positionSec = 45;
    player.next();
    expect(left).toHaveLength(2);
  });
});

describe('PlayerStore volume', () => {
  it('mutes without losing the volume, for the next songs too, until unmuted or the volume changes', async () => {
    // A volume reaches a sound once it has loaded (scripted sounds load on the next microtask, as real ones later).
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound });
    const volumeIs = (v: number) => vi.waitFor(() => expect(sounds.volume()).toBe(v));
    player.setQueue([song(1), song(2)]);
    player.setVolume(0.6);
    player.play();
    await volumeIs(0.6);
    player.toggleMute();
    await volumeIs(0);
    expect(player.volume).toBe(0.6);
    player.next();
    await volumeIs(0);
    player.toggleMute();
    await volumeIs(0.6);
    player.toggleMute();
    player.setVolume(0.4);
    expect(player.muted).toBe(false);
    await volumeIs(0.4);
  });
});

describe('formatTime', () => {
  it('writes minutes and seconds', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(65.9)).toBe('1:05');
    expect(formatTime(Number.NaN)).toBe('0:00');
  });
});

describe('PlayerStore: queue, shuffle, repeat, levelling and resuming', () => {
  const withLoudness = (id: number, loudnessLufs: number): Song => ({
    ...song(id),
    features: { source: 'audio', tempoBpm: 120, loudnessLufs, brightnessHz: 2000, key: null, onsetRate: 2, energy: 0.5, valence: 0.5, arousal: 0.5 },
  });

  it('plays queued songs before the playlist goes on: play next first, add to queue last, reorder and remove', () => {
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound });
    player.setQueue([song(1), song(2), song(3)]);
    player.play();
    player.addToQueue(song(10));
    player.addToQueue(song(11));
    player.playNext(song(12));
    expect(player.upNext.map((s) => s.id)).toEqual([12, 10, 11]);
    player.moveInQueue(2, 0);
    expect(player.upNext.map((s) => s.id)).toEqual([11, 12, 10]);
    player.removeFromQueue(1);
    sounds.end();
    expect(sounds.playingSrc()).toBe('/media/11');
    player.next();
    expect(sounds.playingSrc()).toBe('/media/10');
    expect(player.upNext).toEqual([]);
    // The queue is done: the playlist goes on after the song that played before it.
    sounds.end();
    expect(sounds.playingSrc()).toBe('/media/2');
  });

  it('repeats one song, or the whole playlist, and shuffles through every song once', () => {
    const sounds = scriptedSounds();
    let r = 0;
    const randoms = [0.99, 0, 0];
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound, random: () => randoms[r++ % randoms.length] as number });
    player.setQueue([song(1), song(2), song(3)]);
    player.play();
    player.cycleRepeat();
    player.cycleRepeat();
    expect(player.repeat).toBe('one');
    sounds.end();
    expect(sounds.playingSrc()).toBe('/media/1');
    player.cycleRepeat(); // off
    player.cycleRepeat(); // all
    player.next();
    player.next();
    expect(sounds.playingSrc()).toBe('/media/3');
    sounds.end();
    expect(sounds.playingSrc()).toBe('/media/1'); // back to the first, not a new playlist
    player.cycleRepeat(); // one
    player.cycleRepeat(); // off
    player.toggleShuffle();
    const seen = new Set([player.current?.id]);
    player.next();
    seen.add(player.current?.id);
    player.next();
    seen.add(player.current?.id);
    expect(seen).toEqual(new Set([1, 2, 3]));
  });

  it('levels each song to one loudness: a quiet master raised, a loud one lowered (the element plays the cut)', async () => {
    const sounds = scriptedSounds();
    let levelling = true;
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound, levelling: () => levelling });
    player.setVolume(0.8);
    player.play(withLoudness(1, -7));
    expect(player.gainDb).toBe(-11);
    await vi.waitFor(() => expect(sounds.volume()).toBeCloseTo(0.8 * 10 ** (-11 / 20), 5));
    player.play(withLoudness(2, -29));
    expect(player.gainDb).toBe(11);
    await vi.waitFor(() => expect(sounds.volume()).toBeCloseTo(0.8, 5)); // the boost goes through Web Audio, not the element
    levelling = false;
    player.play(withLoudness(3, -7));
    expect(player.gainDb).toBe(0);
    await vi.waitFor(() => expect(sounds.volume()).toBeCloseTo(0.8, 5));
  });

  it('resumes after a restart: the song where it was (paused), the queue, shuffle and repeat', () => {
    const storage = memoryStorage();
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, storage, { createSound: sounds.createSound });
    player.setQueue([song(1), song(2)]);
    player.play();
    player.addToQueue(song(7));
    player.toggleShuffle();
    player.cycleRepeat();
    player.pause();
    const restarted = new PlayerStore(urls, storage, { createSound: scriptedSounds().createSound });
    expect(restarted.current?.id).toBe(1);
    expect(restarted.playing).toBe(false);
    expect(restarted.upNext.map((s) => s.id)).toEqual([7]);
    expect(restarted.shuffle).toBe(true);
    expect(restarted.repeat).toBe('all');
    expect(new PlayerStore(urls, memoryStorage({ 'emotune.session': '{broken' })).current).toBeNull();
  });

  it("takes the app's saved session once per page: a reload of the stores after a reconnect leaves the music alone", () => {
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound });
    player.restoreAppSession(null); // a first start: nothing saved yet
    player.setQueue([song(1)]);
    player.play();
    // The app's session, saved meanwhile, comes with the reload after a reconnect: not taken.
    player.restoreAppSession({ current: song(5), positionSec: 3, upNext: [], shuffle: false, repeat: 'off' });
    expect(player.current?.id).toBe(1);
    expect(player.playing).toBe(true);
  });

  it('says the app is not running when a song cannot load while it is unreachable, and tries again when it is back', () => {
    const sounds = scriptedSounds();
    let connected = false;
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound, connected: () => connected });
    player.setQueue([song(1), song(2)]);
    player.play();
    sounds.failToLoad();
    expect(player.offline).toBe(true);
    expect(player.error).toMatch(/Emotune is not running/);
    expect(player.error).not.toMatch(/decod/i);
    connected = true;
    player.reconnected();
    expect(player.offline).toBe(false);
    expect(player.error).toBeNull();
    expect(sounds.playingSrc()).toBe('/media/1');
  });
});

describe('PlayerStore: gapless', () => {
  afterEach(() => vi.useRealTimers());

  it('loads the next song near the end of the current one, and starts that very sound when it ends (no new load)', async () => {
    vi.useFakeTimers();
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound });
    player.setQueue([song(1), song(2)]);
    player.play();
    await vi.advanceTimersByTimeAsync(300);
    expect(player.preloadedSongId).toBeNull();
    sounds.at(50); // 10 s left of 60
    await vi.advanceTimersByTimeAsync(300);
    expect(player.preloadedSongId).toBe(2);
    expect(sounds.made()).toEqual(['/media/1', '/media/2']);
    sounds.end();
    expect(player.current?.id).toBe(2);
    expect(player.playing).toBe(true);
    expect(player.loading).toBe(false);
    expect(sounds.made()).toEqual(['/media/1', '/media/2']); // the preloaded sound plays; nothing loaded again
  });

  it('drops a preloaded song that is no longer next (the listener queued another)', async () => {
    vi.useFakeTimers();
    const sounds = scriptedSounds();
    const player = new PlayerStore(urls, undefined, { createSound: sounds.createSound });
    player.setQueue([song(1), song(2)]);
    player.play();
    sounds.at(55);
    await vi.advanceTimersByTimeAsync(300);
    expect(player.preloadedSongId).toBe(2);
    player.playNext(song(9));
    expect(player.preloadedSongId).toBeNull();
    await vi.advanceTimersByTimeAsync(300);
    expect(player.preloadedSongId).toBe(9);
    sounds.end();
    expect(player.current?.id).toBe(9);
  });
});
