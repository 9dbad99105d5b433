import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from './handlers.ts';
import { writeWav } from '../testing/audio-builders.ts';
import { createTestServices, importThroughJobs } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';

const temp = useTempDir();

describe('where the listener left off (player-session.json)', () => {
  it('keeps the song, position, queue, shuffle and repeat across a restart, and drops songs that left the library', async () => {
    const music = join(temp.path, 'music');
    mkdirSync(music);
    for (const t of ['a', 'b', 'c']) writeWav(join(music, `${t}.wav`), { seconds: 0.2, tags: { title: t } });
    const dataDir = join(temp.path, 'data');
    let services = createTestServices(dataDir);
    await importThroughJobs(services, music);
    const ids = services.repository.listSongs({ query: '', limit: 10, offset: 0, sort: 'title' }).songs.map((s) => s.id);
    let handlers = createHandlers(services);
    expect(await handlers['player.getSession']({})).toBeNull();
    await handlers['player.saveSession']({ currentId: ids[1] as number, positionSec: 42, upNextIds: [ids[2] as number, 999], shuffle: true, repeat: 'one' });
    expect(statSync(join(dataDir, 'player-session.json')).mode & 0o777).toBe(0o600);
    await services.close();

    services = createTestServices(dataDir);
    handlers = createHandlers(services);
    const session = await handlers['player.getSession']({});
    expect(session).toMatchObject({ current: { title: 'b' }, positionSec: 42, shuffle: true, repeat: 'one' });
    expect(session?.upNext.map((s) => s.title)).toEqual(['c']);
    writeFileSync(join(dataDir, 'player-session.json'), '{broken');
    expect(await handlers['player.getSession']({})).toBeNull();
    await services.close();
  });

  it('keeps the mood chosen by hand across a restart, and Auto too', async () => {
    const dataDir = join(temp.path, 'data');
    const live = { live: true, settingsOverrides: { cameraSource: join(temp.path, 'no-camera.avi') } };
    let services = createTestServices(dataDir, live);
    await createHandlers(services)['mood.setOverride']({ emotion: 'sad' });
    await services.close();
    services = createTestServices(dataDir, live);
    expect(await createHandlers(services)['mood.getState']({})).toMatchObject({ override: 'sad', effective: 'sad' });
    await createHandlers(services)['mood.setOverride']({ emotion: null });
    await services.close();
    services = createTestServices(dataDir, live);
    expect(await createHandlers(services)['mood.getState']({})).toMatchObject({ override: null });
    await services.close();
  }, 60_000);

  it('tells the desktop shell what plays (Electron: tray and notification), and nothing in browser mode', async () => {
    const music = join(temp.path, 'music');
    mkdirSync(music);
    writeWav(join(music, 'a.wav'), { seconds: 0.2, tags: { title: 'Told' } });
    const told: [string | null, boolean][] = [];
    const services = createTestServices(join(temp.path, 'data'), {
      desktop: { nowPlaying: (song, playing) => (told.push([song?.title ?? null, playing]), true) },
    });
    await importThroughJobs(services, music);
    const id = services.repository.listSongs({ query: '', limit: 1, offset: 0 }).songs[0]!.id;
    expect(await createHandlers(services)['player.nowPlaying']({ songId: id, playing: true })).toEqual({ shown: true });
    await createHandlers(services)['player.nowPlaying']({ songId: null, playing: false });
    expect(told).toEqual([['Told', true], [null, false]]);
    await services.close();
    const browser = createTestServices(join(temp.path, 'data2'));
    expect(await createHandlers(browser)['player.nowPlaying']({ songId: null, playing: false })).toEqual({ shown: false });
    await browser.close();
  });
});
