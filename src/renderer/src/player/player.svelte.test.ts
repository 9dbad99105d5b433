import { describe, expect, it } from 'vitest';
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
    const song = (id: number, hasCover: boolean) => ({
      id,
      path: `/m/${id}.ogg`,
      title: `S${id}`,
      artist: null,
      album: null,
      genre: null,
      durationSec: 60,
      hasCover,
      emotions: [],
      features: null,
      analysisError: null,
    });
    expect(player.coverOf(song(1, true))).toBe('/media/cover/1');
    expect(player.coverOf(song(2, false))).toBeNull();
    player.setQueue([song(1, false), song(2, false)]);
    expect(player.hasNext).toBe(true);
  });
});

describe('formatTime', () => {
  it('writes minutes and seconds', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(65.9)).toBe('1:05');
    expect(formatTime(Number.NaN)).toBe('0:00');
  });
});
