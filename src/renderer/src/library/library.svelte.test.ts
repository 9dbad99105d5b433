import { describe, expect, it } from 'vitest';
import type { ImportSummary, Song } from '../../../shared/api/index.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { LibraryStore } from './library.svelte.ts';

const song: Song = {
  id: 1,
  path: '/m/a.ogg',
  title: 'A',
  artist: null,
  album: null,
  genre: null,
  durationSec: 10,
  emotions: [],
};
const summary: ImportSummary = {
  folder: '/m',
  found: 1,
  added: 1,
  updated: 0,
  unchanged: 0,
  failed: 0,
  errors: [],
  durationMs: 5,
};

describe('LibraryStore', () => {
  it('tracks an import from start to finish and reloads the songs', async () => {
    const client = createFakeClient({
      'library.importFolder': () => ({ jobId: 'j1' }),
      'library.listSongs': () => ({ songs: [song], total: 1 }),
      'library.listImportErrors': () => ({ errors: [] }),
    });
    const store = new LibraryStore(client);
    const stop = store.start();
    await store.importFolder('  /m  ');
    expect(client.calls[0]).toEqual({ method: 'library.importFolder', input: { folder: '/m' } });
    expect(store.importing?.jobId).toBe('j1');
    client.emit('job.progressed', { jobId: 'j1', kind: 'library.import', phase: 'reading tags', done: 1, total: null, current: '/m/a.ogg', startedAt: 0 });
    expect(store.importing?.progress?.done).toBe(1);
    client.emit('job.progressed', { jobId: 'other', kind: 'library.import', phase: 'x', done: 9, total: null, current: null, startedAt: 0 });
    expect(store.importing?.progress?.done).toBe(1);
    client.emit('job.finished', { jobId: 'j1', kind: 'library.import', status: 'done', summary, error: null });
    expect(store.importing).toBeNull();
    expect(store.lastSummary?.added).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.songs).toEqual([song]);
    stop();
  });

  it('asks for a folder instead of sending an empty one', async () => {
    const client = createFakeClient();
    const store = new LibraryStore(client);
    await store.importFolder('   ');
    expect(store.error).toMatch(/folder/);
    expect(client.calls).toHaveLength(0);
  });

  it('updates a song after assigning it to a mood', async () => {
    const client = createFakeClient({
      'library.assignEmotion': ({ emotion }) => ({ ...song, emotions: [emotion] }),
    });
    const store = new LibraryStore(client);
    store.songs = [song];
    await store.assign(song, 'sad', true);
    expect(store.songs[0]?.emotions).toEqual(['sad']);
  });
});
