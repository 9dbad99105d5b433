import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from './index.ts';
import { TINY_PNG, writeMp3, writeWav } from '../testing/audio-builders.ts';
import { createTestServices, importThroughJobs } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';

const temp = useTempDir();

describe('the album view (real SQLite)', () => {
  it('groups songs by album and artist, in natural order, with a cover from one of its songs, and searches them', async () => {
    const music = join(temp.path, 'music');
    mkdirSync(music);
    writeWav(join(music, 'a1.wav'), { seconds: 0.2, tags: { title: 'One', artist: 'Band', album: 'Volume 10' } });
    writeWav(join(music, 'a2.wav'), { seconds: 0.2, tags: { title: 'Two', artist: 'Band', album: 'Volume 10' } });
    writeWav(join(music, 'b1.wav'), { seconds: 0.2, tags: { title: 'Three', artist: 'Band', album: 'Volume 9' } });
    writeWav(join(music, 'c1.wav'), { seconds: 0.2, tags: { title: 'Loose' } });
    writeMp3(join(music, 'd1.mp3'), { title: 'Covered', artist: 'Band', album: 'Volume 10', cover: TINY_PNG });
    const services = createTestServices(join(temp.path, 'data'));
    await importThroughJobs(services, music);
    const api = createHandlers(services);
    const { albums, total } = await api['library.listAlbums']({ query: '', limit: 100 });
    expect(total).toBe(2);
    expect(albums.map((a) => [a.album, a.artist, a.songCount])).toEqual([
      ['Volume 9', 'Band', 1],
      ['Volume 10', 'Band', 3],
    ]);
    const covered = services.repository.listSongs({ query: 'Covered', limit: 1, offset: 0 }).songs[0];
    expect(albums[1]?.coverSongId).toBe(covered?.id);
    expect(albums[0]?.coverSongId).toBeNull();
    expect((await api['library.listAlbums']({ query: 'volume 1', limit: 100 })).albums.map((a) => a.album)).toEqual(['Volume 10']);
    await services.close();
  });
});
