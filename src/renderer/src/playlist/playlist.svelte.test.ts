import { describe, expect, it } from 'vitest';
import type { Playlist } from '../../../shared/api/index.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { song } from '../testing/scripted-sound.ts';
import { PlaylistStore } from './playlist.svelte.ts';

function playlist(thumbs: (-1 | 0 | 1)[]): Playlist {
  return {
    emotion: 'sad',
    basis: 'mood',
    strategy: 'emotune',
    mode: 'match',
    poolSize: 10,
    songs: thumbs.map((_, i) => song(i + 1)),
    picks: thumbs.map((thumb) => ({ fit: 0.9, why: 'calm · dark — fits sad', thumb })),
    similarities: thumbs.map(() => null),
    reason: 'override',
    generatedAt: 0,
  };
}

describe('PlaylistStore feedback', () => {
  it('sends a thumb for the mood of the list, and takes it back when the same thumb is pressed again', async () => {
    const client = createFakeClient({
      'playlist.get': () => playlist([0, 1]),
      'playlist.giveFeedback': ({ songId, emotion }) => ({ songId, emotion, likes: 0, dislikes: 0, thumb: 0 }),
    });
    const store = new PlaylistStore(client);
    await store.refresh();
    await store.setThumb(1, false);
    await store.setThumb(2, true);
    await store.setThumb(99, true);
    expect(client.calls.filter((c) => c.method === 'playlist.giveFeedback').map((c) => c.input)).toEqual([
      { songId: 1, emotion: 'sad', kind: 'thumb-down' },
      { songId: 2, emotion: 'sad', kind: 'thumb-clear' },
    ]);
  });

  it('reports plays and skips only for songs of the current list', async () => {
    const client = createFakeClient({
      'playlist.get': () => playlist([0]),
      'playlist.giveFeedback': ({ songId, emotion }) => ({ songId, emotion, likes: 1, dislikes: 0, thumb: 0 }),
    });
    const store = new PlaylistStore(client);
    await store.refresh();
    await store.recordListening(song(1), 'played');
    await store.recordListening(song(5), 'skipped');
    expect(client.calls.filter((c) => c.method === 'playlist.giveFeedback').map((c) => c.input)).toEqual([
      { songId: 1, emotion: 'sad', kind: 'played' },
    ]);
  });

  it('shows why a feedback call failed', async () => {
    const client = createFakeClient({
      'playlist.get': () => playlist([0]),
      'playlist.giveFeedback': () => {
        throw new Error('song 1 is not in the library');
      },
    });
    const store = new PlaylistStore(client);
    await store.refresh();
    await store.setThumb(1, true);
    expect(store.error).toBe('song 1 is not in the library');
  });
});
