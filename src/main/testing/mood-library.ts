import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../app/index.ts';
import { writeWav } from './audio-builders.ts';
import { createTestServices, importThroughJobs } from './services.ts';

/** [title, artist, valence, energy]: Spotify-style features from a CSV, so each song has a mood point. */
export const MOOD_SONGS: [string, string, number, number][] = [
  ['Sunshine', 'Band A', 0.9, 0.75],
  ['Party', 'Band A', 0.85, 0.8],
  ['Dance Floor', 'Band B', 0.8, 0.7],
  ['Rage', 'Band C', 0.05, 0.95],
  ['Storm', 'Band D', 0.1, 0.9],
  ['Rain', 'Band E', 0.1, 0.1],
  ['Grey Morning', 'Band E', 0.15, 0.2],
  ['Alone', 'Band F', 0.2, 0.15],
  ['Meadow', 'Band G', 0.75, 0.3],
  ['Breeze', 'Band H', 0.8, 0.4],
  ['Lake', 'Band I', 0.65, 0.35],
  ['Middle', 'Band J', 0.5, 0.5],
];

/**
 * A library of twelve WAV songs whose mood points come from a Spotify-style CSV (valence, energy), so the
 * recommender can be tested without audio analysis.
 */
export async function moodLibrary(dir: string): Promise<{ services: Services; id: (title: string) => number }> {
  const music = join(dir, 'music');
  mkdirSync(music);
  MOOD_SONGS.forEach(([title, artist], i) => writeWav(join(music, `${i}.wav`), { seconds: 0.2, tags: { title, artist } }));
  const services = createTestServices(join(dir, 'data'), { random: () => 0.5 });
  await importThroughJobs(services, music);
  const csv = join(dir, 'features.csv');
  writeFileSync(csv, `name,artist,valence,energy,tempo\n${MOOD_SONGS.map(([t, a, v, e]) => `${t},${a},${v},${e},100`).join('\n')}\n`);
  await new Promise<void>((resolve) => {
    services.events.on((event) => event === 'job.finished' && resolve());
    services.jobs.start('library.importCsv', (job) => services.csvImporter.importCsv(csv, { list: null }, job));
  });
  services.recommender.invalidate();
  const id = (title: string): number => services.repository.listSongs({ query: title, limit: 1, offset: 0 }).songs[0]?.id ?? 0;
  return { services, id };
}

