import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from './index.ts';
import { writeWav } from '../testing/audio-builders.ts';
import { createTestServices, importThroughJobs } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';

const temp = useTempDir();

describe('saved playlists (real SQLite)', () => {
  it('saves songs under a name in order, replaces by name, exports extended M3U, and loses songs that leave the library', async () => {
    const music = join(temp.path, 'music');
    mkdirSync(join(music, 'sub'), { recursive: true });
    writeWav(join(music, 'one.wav'), { seconds: 2, tags: { title: 'One', artist: 'Band' } });
    writeWav(join(music, 'sub', 'two.wav'), { seconds: 3, tags: { title: 'Two' } });
    const services = createTestServices(join(temp.path, 'data'));
    await importThroughJobs(services, music);
    const api = createHandlers(services);
    const [one, two] = ['One', 'Two'].map((t) => services.repository.listSongs({ query: t, limit: 1, offset: 0 }).songs[0]!.id);
    const saved = await api['playlists.save']({ name: 'Evening', songIds: [two as number, one as number] });
    expect(saved).toMatchObject({ name: 'Evening', songCount: 2, durationSec: 5 });
    expect((await api['playlists.get']({ id: saved.id })).songs.map((s) => s.title)).toEqual(['Two', 'One']);
    await api['playlists.save']({ name: 'evening', songIds: [one as number] });
    expect((await api['playlists.list']({})).playlists).toHaveLength(1);
    await api['playlists.save']({ name: 'Evening', songIds: [two as number, one as number] });
    const m3u = await api['playlists.exportFile']({ id: saved.id });
    expect(m3u.fileName).toBe('Evening.m3u8');
    expect(m3u.text).toBe(`#EXTM3U\n#PLAYLIST:Evening\n#EXTINF:3,Two\n${join(music, 'sub', 'two.wav')}\n#EXTINF:2,Band - One\n${join(music, 'one.wav')}\n`);
    await expect(api['playlists.save']({ name: 'Ghost', songIds: [999] })).rejects.toMatchObject({ code: 'not-found' });
    services.repository.removeSongs([join(music, 'sub', 'two.wav')]);
    expect((await api['playlists.get']({ id: saved.id })).songs.map((s) => s.title)).toEqual(['One']);
    expect(await api['playlists.delete']({ id: saved.id })).toEqual({ deleted: true });
    expect((await api['playlists.list']({})).playlists).toEqual([]);
    await services.close();
  });
});
