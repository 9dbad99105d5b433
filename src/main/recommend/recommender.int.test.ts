import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { writeWav } from '../testing/audio-builders.ts';
import { APP_ROOT, createTestServices, importThroughJobs } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { loadSpotifyPlacement, placeBySpotifyFeatures } from '../analysis/index.ts';
import { loadEmotionRules } from './recommender.service.ts';
import { SIMILARITY_THRESHOLD } from './similarity.ts';

const temp = useTempDir();

describe('the default emotion rules (data/emotion-rules.json)', () => {
  it('parse, and give every emotion a label and terms', () => {
    const rules = loadEmotionRules(join(APP_ROOT, 'data', 'emotion-rules.json'));
    for (const emotion of EMOTIONS) expect(rules.emotions[emotion].terms.length).toBeGreaterThan(0);
  });

  it('refuses a rules file that is not valid', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(temp.path, 'rules.json');
    writeFileSync(file, JSON.stringify({ version: 1, emotions: { happy: { label: 'x', terms: [] } } }));
    expect(() => loadEmotionRules(file)).toThrow(/not valid/);
  });
});

describe('Recommender and PlaylistService on a real library', () => {
  async function library() {
    const music = join(temp.path, 'music');
    mkdirSync(music);
    const tracks: [string, string][] = [
      ['Disco Lights', 'Disco'],
      ['Pop Song', 'Pop'],
      ['Blue Monday', 'Blues'],
      ['Ocean', 'Ambient'],
      ['Anthem', 'Metal'],
      ['Untitled A', ''],
      ['Untitled B', ''],
    ];
    tracks.forEach(([title, genre], i) => writeWav(join(music, `${i}.wav`), { seconds: 0.2, tags: { title, ...(genre ? { genre } : {}) } }));
    const services = createTestServices(join(temp.path, 'data'), { random: () => 0.5 });
    await importThroughJobs(services, music);
    return services;
  }

  it('paper 1: samples by genre until songs are assigned, then from the assigned list', async () => {
    const services = await library();
    const paper1 = { strategy: 'paper1' } as const;
    const happy = services.recommender.recommend('happy', 5, paper1);
    expect(happy.basis).toBe('genre');
    expect(happy.songs.map((s) => s.title).sort()).toEqual(['Disco Lights', 'Pop Song']);
    const id = (title: string): number => services.repository.listSongs({ query: title, limit: 5, offset: 0 }).songs[0]?.id ?? 0;
    services.repository.setEmotion(id('Untitled A'), 'happy', true);
    const assigned = services.recommender.recommend('happy', 5, paper1);
    expect(assigned).toMatchObject({ basis: 'assigned', poolSize: 1, strategy: 'paper1' });
    expect(assigned.songs.map((s) => s.title)).toEqual(['Untitled A']);
    expect(assigned.songs[0]?.emotions).toEqual(['happy']);
    await services.close();
  });

  it('paper 2: prefers songs whose measured features match the mood, most similar first', async () => {
    const services = await library();
    // Features for four songs, as a Spotify-style table gives them.
    const csv = join(temp.path, 'features.csv');
    writeFileSync(
      csv,
      'name,artist,valence,energy,tempo\n' +
        'Disco Lights,,0.9,0.9,128\nBlue Monday,,0.1,0.2,70\nOcean,,0.15,0.1,75\nAnthem,,0.4,0.95,150\n',
    );
    await new Promise<void>((resolve) => {
      services.events.on((event) => event === 'job.finished' && resolve());
      services.jobs.start('library.importCsv', (job) => services.csvImporter.importCsv(csv, { list: null }, job));
    });
    const paper2 = { strategy: 'paper2' } as const;
    const happy = services.recommender.recommend('happy', 5, paper2);
    expect(happy.basis).toBe('features');
    expect(happy.songs[0]?.title).toBe('Disco Lights');
    expect(happy.songs).toHaveLength(5);
    // Each song chosen by similarity carries it, most similar first, all at paper 2's threshold or above;
    // the songs that top the playlist up to five (from the library) carry none.
    const ranked = happy.similarities.filter((s): s is number => s !== null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(ranked.every((s) => s >= SIMILARITY_THRESHOLD && s <= 1)).toBe(true);
    expect(happy.similarities.slice(ranked.length).every((s) => s === null)).toBe(true);
    expect(happy.similarities).toHaveLength(happy.songs.length);
    const angry = services.recommender.recommend('angry', 5, paper2);
    expect(angry.basis).toBe('features');
    expect(angry.songs[0]?.title).toBe('Anthem');
    // A reshuffle moves on to the next most similar songs.
    const avoid = new Set(angry.songs.slice(0, 1).map((s) => s.id));
    expect(services.recommender.recommend('angry', 1, { ...paper2, avoid }).songs[0]?.title).not.toBe('Anthem');
    await services.close();
  });

  it('emotune: places CSV songs on the music model\'s scale (the shipped placement) and ranks them by region', async () => {
    const services = await library();
    const csv = join(temp.path, 'features.csv');
    writeFileSync(csv, 'name,artist,valence,energy,tempo\nDisco Lights,,0.9,0.9,128\nBlue Monday,,0.1,0.2,70\nOcean,,0.15,0.1,75\nAnthem,,0.4,0.95,150\n');
    await new Promise<void>((resolve) => {
      services.events.on((event) => event === 'job.finished' && resolve());
      services.jobs.start('library.importCsv', (job) => services.csvImporter.importCsv(csv, { list: null }, job));
    });
    const placement = loadSpotifyPlacement(join(APP_ROOT, 'assets', 'music-emotion', 'spotify-placement.json'));
    if (!placement) throw new Error('the shipped placement model is missing');
    const id = (title: string): number => services.repository.listSongs({ query: title, limit: 5, offset: 0 }).songs[0]?.id ?? 0;
    const points = new Map([...services.recommendations.moodPoints()].map((p) => [p.id, p]));
    const placed = placeBySpotifyFeatures(placement, 0.1, 0.2);
    expect(points.get(id('Blue Monday'))).toMatchObject({ valence: placed.valence, arousal: placed.arousal, confidence: placed.confidence });
    // Songs without a table row (or analysis) have no point.
    expect(points.size).toBe(4);
    const sad = services.recommender.recommend('sad', 2);
    expect(sad.songs.map((s) => s.title).sort()).toEqual(['Blue Monday', 'Ocean']);
    expect(services.recommender.recommend('happy', 1).songs[0]?.title).toBe('Disco Lights');
    await services.close();
  });

  it('falls back to the whole library when nothing matches, k at most', async () => {
    const services = await library();
    const surprise = services.recommender.recommend('surprise', 5);
    expect(surprise).toMatchObject({ basis: 'any', poolSize: 7, strategy: 'emotune' });
    expect(surprise.songs).toHaveLength(5);
    await services.close();
  });

  it('keeps the playlist while the mood holds, rebuilds it on a change, and avoids repeats on reshuffle', async () => {
    const services = await library();
    const changes: string[] = [];
    services.events.on((event, payload) => {
      if (event === 'playlist.changed') changes.push((payload as { emotion: string; reason: string }).reason);
    });
    const first = services.playlist.follow('surprise', 'detected');
    expect(services.playlist.follow('surprise', 'detected')).toBe(first);
    const reshuffled = services.playlist.reshuffle();
    const overlap = reshuffled?.songs.filter((s) => first?.songs.some((f) => f.id === s.id)) ?? [];
    // 7 songs, 5 picked, 5 avoided: the new list holds the 2 others first, then 3 repeats.
    expect(overlap).toHaveLength(3);
    services.playlist.follow('sad', 'override');
    expect(services.playlist.current?.emotion).toBe('sad');
    expect(changes).toEqual(['detected', 'reshuffle', 'override']);
    await services.close();
  });
});
