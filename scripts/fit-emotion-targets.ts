// npm run fit:targets — the {valence, energy, tempo} target of each mood (paper 2's "ideal vector"): the
// means of each mood label in ../shared/data/songs/data_moods.csv (686 Spotify tracks labelled Happy, Sad,
// Energetic, Calm), and how Emotune's emotions map onto them. Prints the JSON of data/emotion-targets.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsv } from '../src/main/library/index.ts';

const file = resolve(import.meta.dirname, '../../shared/data/songs/data_moods.csv');
const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
const at = (name: string): number => (header ?? []).indexOf(name);
const means: Record<string, { valence: number; energy: number; tempo: number; count: number }> = {};
for (const row of rows) {
  const mood = row[at('mood')] as string;
  const m = (means[mood] ??= { valence: 0, energy: 0, tempo: 0, count: 0 });
  m.valence += Number(row[at('valence')]);
  m.energy += Number(row[at('energy')]);
  m.tempo += Number(row[at('tempo')]);
  m.count += 1;
}
const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;
const mood = (name: string) => {
  const m = means[name];
  if (!m) throw new Error(`no ${name} rows`);
  return { valence: round(m.valence / m.count), energy: round(m.energy / m.count), tempoBpm: round(m.tempo / m.count, 1) };
};
const [happy, sad, energetic, calm] = ['Happy', 'Sad', 'Energetic', 'Calm'].map(mood) as ReturnType<typeof mood>[];
const mean = (key: 'valence' | 'energy' | 'tempoBpm'): number =>
  round([happy, sad, energetic, calm].reduce((a, m) => a + (m as ReturnType<typeof mood>)[key], 0) / 4, key === 'tempoBpm' ? 1 : 3);
process.stdout.write(
  `${JSON.stringify(
    {
      version: 1,
      about:
        "Paper 2's target {valence, energy, tempo} per emotion: the mean of a mood label in data_moods.csv (npm run fit:targets). happy: Happy; sad: Sad; angry and surprise: Energetic; fear and disgust: Calm (as the rule lists, they lean to music that calms); neutral: the mean of the four.",
      emotions: {
        happy,
        sad,
        angry: energetic,
        surprise: energetic,
        fear: calm,
        disgust: calm,
        neutral: { valence: mean('valence'), energy: mean('energy'), tempoBpm: mean('tempoBpm') },
      },
      counts: Object.fromEntries(Object.entries(means).map(([k, v]) => [k, v.count])),
    },
    null,
    2,
  )}\n`,
);
