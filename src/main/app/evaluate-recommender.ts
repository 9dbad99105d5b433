import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import type { RecommendMode } from '../../shared/settings.ts';
import {
  fitMusicEmotionModel,
  groupedFolds,
  loadSpotifyPlacement,
  placeBySpotifyFeatures,
  predictMusicEmotion,
  QUADRANTS,
  SPOTIFY_PLACEMENT_FEATURES,
  type MusicEmotion,
  type MusicEmotionModel,
  type Quadrant,
  type TrainingExample,
} from '../analysis/index.ts';
import { parseCsv } from '../library/index.ts';
import {
  chooseForMood,
  coordinateConfidence,
  MoodIndex,
  MOOD_TARGETS,
  mean,
  ndcgAt,
  precisionAt,
  rankBySimilarity,
  sampleWithoutReplacement,
  seededRandom,
  type EmotionTargets,
} from '../recommend/index.ts';

/**
 * eval-rec: how well each strategy's lists fit labelled music. A song is relevant to an emotion when its
 * labelled quadrant is the emotion's (MOOD_TARGETS: happy and surprise Q1; angry, fear and disgust Q2; sad
 * Q3; neutral Q4). Lists are made the way the app makes them, by the same pure functions.
 */

export type EvalStrategy = 'emotune' | 'paper1' | 'paper2' | 'random';
export const EVAL_STRATEGIES: readonly EvalStrategy[] = ['emotune', 'paper2', 'paper1', 'random'];

export interface EvalSong {
  id: number;
  valence: number;
  arousal: number;
  confidence: number;
  artist: string | null;
  /**
   * A feature table's own Spotify valence, where the point was placed from it (paper 2 ranks by the features
   * as they are, the way the app does); absent for analysed audio, whose point is its stored valence.
   */
  featureValence?: number;
  /** Paper 2's other two coordinates; null where unknown (such songs are outside paper 2's ranking). */
  energy: number | null;
  tempoBpm: number | null;
  quadrant: Quadrant;
}

export interface RecEvalOptions {
  strategies: readonly EvalStrategy[];
  mode: RecommendMode;
  /** Random sub-libraries to score P@5 on, and their size. */
  subsets: number;
  subsetSize: number;
  seed: number;
  targets: EmotionTargets;
}

interface Scores {
  p5: number;
  p20: number;
  ndcg10: number;
}

const round = (v: number): number => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : v);

/** A strategy's list of k song ids for an emotion, from a set of songs. */
function listFor(strategy: EvalStrategy, songs: readonly EvalSong[], index: MoodIndex, emotion: Emotion, k: number, mode: RecommendMode, targets: EmotionTargets, random: () => number): number[] {
  switch (strategy) {
    case 'emotune':
      return chooseForMood(index, { emotion, k, mode, avoid: new Set(), feedback: new Map(), assigned: new Set() }).map((c) => c.id);
    case 'paper2': {
      const vectors = songs.flatMap((s) => (s.energy === null || s.tempoBpm === null ? [] : [{ id: s.id, valence: s.featureValence ?? s.valence, energy: s.energy, tempoBpm: s.tempoBpm }]));
      const ranked = rankBySimilarity(vectors, targets.emotions[emotion]).map((r) => r.id).slice(0, k);
      // As the app does: fewer than k above the threshold are topped up from the library.
      const taken = new Set(ranked);
      return [...ranked, ...sampleWithoutReplacement(songs.filter((s) => !taken.has(s.id)).map((s) => s.id), k - ranked.length, random)];
    }
    // Paper 1 samples the emotion's own song list; labelled data sets have none, so, as the app does without
    // lists (and without genre tags), it samples the library: the random baseline by another name.
    case 'paper1':
    case 'random':
      return sampleWithoutReplacement(songs.map((s) => s.id), k, random);
  }
}

function scoreLists(strategy: EvalStrategy, songs: readonly EvalSong[], options: RecEvalOptions, random: () => number): Record<Emotion, Scores> {
  const index = new MoodIndex(songs);
  const quadrantOf = new Map(songs.map((s) => [s.id, s.quadrant]));
  const out = {} as Record<Emotion, Scores>;
  for (const emotion of EMOTIONS) {
    const wanted = MOOD_TARGETS[emotion].quadrant;
    const relevant = (ids: number[]): boolean[] => ids.map((id) => quadrantOf.get(id) === wanted);
    const total = songs.filter((s) => s.quadrant === wanted).length;
    const list = (k: number): number[] => listFor(strategy, songs, index, emotion, k, options.mode, options.targets, random);
    out[emotion] = {
      p5: precisionAt(relevant(list(5)), 5),
      p20: precisionAt(relevant(list(20)), 20),
      ndcg10: ndcgAt(relevant(list(10)), 10, total),
    };
  }
  return out;
}

export function evaluateRecommendations(songs: readonly EvalSong[], options: RecEvalOptions) {
  if (songs.length === 0) throw new EmotuneError('invalid-input', 'no labelled song has a mood point to rank');
  const random = seededRandom(options.seed);
  const strategies: Record<string, unknown> = {};
  for (const strategy of options.strategies) {
    const full = scoreLists(strategy, songs, options, random);
    const subsetP5: Record<Emotion, number[]> = Object.fromEntries(EMOTIONS.map((e) => [e, []])) as unknown as Record<Emotion, number[]>;
    const subsetRandom = seededRandom(options.seed + 1);
    for (let i = 0; i < options.subsets; i += 1) {
      const subset = sampleWithoutReplacement(songs, Math.min(options.subsetSize, songs.length), subsetRandom);
      const scores = scoreLists(strategy, subset, options, random);
      for (const e of EMOTIONS) subsetP5[e].push(scores[e].p5);
    }
    const perEmotion = Object.fromEntries(EMOTIONS.map((e) => [e, { p5: round(full[e].p5), p20: round(full[e].p20), ndcg10: round(full[e].ndcg10) }]));
    strategies[strategy] = {
      fullLibrary: {
        perEmotion,
        mean: {
          p5: round(mean(EMOTIONS.map((e) => full[e].p5))),
          p20: round(mean(EMOTIONS.map((e) => full[e].p20))),
          ndcg10: round(mean(EMOTIONS.map((e) => full[e].ndcg10))),
        },
      },
      subLibraries:
        options.subsets > 0
          ? {
              count: options.subsets,
              size: Math.min(options.subsetSize, songs.length),
              p5PerEmotion: Object.fromEntries(EMOTIONS.map((e) => [e, round(mean(subsetP5[e]))])),
              p5Mean: round(mean(EMOTIONS.flatMap((e) => subsetP5[e]))),
            }
          : null,
    };
  }
  return {
    songs: songs.length,
    quadrants: Object.fromEntries(QUADRANTS.map((q) => [q, songs.filter((s) => s.quadrant === q).length])),
    relevance: Object.fromEntries(EMOTIONS.map((e) => [e, MOOD_TARGETS[e].quadrant])),
    mode: options.mode,
    strategies,
  };
}

/** Label words of the labelled song tables mapped to Russell quadrants (data_moods' "Energetic" → Q2, see README). */
const LABEL_QUADRANTS: Record<string, Quadrant> = {
  q1: 'Q1',
  q2: 'Q2',
  q3: 'Q3',
  q4: 'Q4',
  happy: 'Q1',
  angry: 'Q2',
  energetic: 'Q2',
  sad: 'Q3',
  relaxed: 'Q4',
  calm: 'Q4',
};

/**
 * A Spotify-style feature table with a mood label per row (data_moods.csv's `mood`, deezer-va-dev.csv's
 * `label`, or a `quadrant` column) as an evaluation library. Each song's point is placed from its valence and
 * energy by `placement`, as the app places CSV songs (or is those two as they are, where it is null).
 */
export function readLabelledTable(file: string, placement: MusicEmotionModel | null): EvalSong[] {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new EmotuneError('invalid-input', `cannot read ${file}: ${(error as Error).message}`);
  }
  const [header, ...rows] = parseCsv(text);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const at = (...names: string[]): number => names.map((n) => columns.indexOf(n)).find((i) => i >= 0) ?? -1;
  const valence = at('valence');
  const energy = at('energy');
  const tempo = at('tempo');
  const artist = at('track_artist', 'artist', 'artists');
  const label = at('quadrant', 'label', 'mood');
  if (valence < 0 || energy < 0 || label < 0) throw new EmotuneError('invalid-input', `${file} needs valence, energy and a quadrant, label or mood column`);
  return rows.flatMap((row, i) => {
    const quadrant = LABEL_QUADRANTS[(row[label] ?? '').trim().toLowerCase()];
    const v = Number(row[valence]);
    const e = Number(row[energy]);
    if (!quadrant || !Number.isFinite(v) || !Number.isFinite(e) || row[valence] === '' || row[energy] === '') return [];
    const t = tempo >= 0 && row[tempo] !== '' ? Number(row[tempo]) : Number.NaN;
    const vv = Math.max(0, Math.min(1, v));
    const ee = Math.max(0, Math.min(1, e));
    const song: EvalSong = {
      id: i + 1,
      valence: vv,
      arousal: ee,
      confidence: coordinateConfidence(vv, ee),
      artist: artist >= 0 ? (row[artist] ?? '').trim().toLowerCase() || null : null,
      featureValence: vv,
      energy: ee,
      tempoBpm: Number.isFinite(t) ? t : null,
      quadrant,
    };
    if (placement) placeTableSong(song, placement);
    return [song];
  });
}

/**
 * eval-rec's library from a labelled feature table, placed as the app places CSV songs: by the shipped
 * placement model (assets/music-emotion/spotify-placement.json), or with `crossFit` by models trained on the
 * table's other folds.
 */
export function loadEvalTable(file: string, options: { appRoot: string; crossFit: boolean; seed: number; log?: (message: string) => void }): { songs: EvalSong[]; kind: string } {
  if (options.crossFit) {
    const songs = readLabelledTable(file, null);
    crossFitTable(songs, 10, options.seed);
    return { songs, kind: "feature table, each song placed from its Spotify valence and energy by a model trained on the table's other folds (grouped by artist)" };
  }
  const placement = loadSpotifyPlacement(join(options.appRoot, 'assets', 'music-emotion', 'spotify-placement.json'), options.log);
  return {
    songs: readLabelledTable(file, placement),
    kind: placement
      ? 'feature table, each song placed from its Spotify valence and energy by the shipped placement model'
      : 'feature table, Spotify valence and energy as each song\'s point (the placement model is missing)',
  };
}

function placeTableSong(song: EvalSong, placement: MusicEmotionModel): void {
  placeSong(song, placeBySpotifyFeatures(placement, song.featureValence ?? song.valence, song.energy ?? song.arousal));
}

/** A song's point and confidence, as a music-emotion model (audio or placement) gives them. */
function placeSong(song: EvalSong, p: MusicEmotion): void {
  song.valence = p.valence;
  song.arousal = p.arousal;
  song.confidence = p.confidence;
}

/**
 * Places each table song by a placement model trained on the table's other folds (grouped by artist, so one
 * artist's songs never sit on both sides): the honest figure on the table the shipped placement was fitted on.
 */
export function crossFitTable(songs: readonly EvalSong[], folds = 10, seed = 1): void {
  const examples = songs.map((s) => ({
    descriptors: [s.featureValence ?? s.valence, s.energy ?? s.arousal],
    quadrant: s.quadrant,
    group: s.artist ?? `song ${s.id}`,
  }));
  crossFitPlacement(songs, examples, SPOTIFY_PLACEMENT_FEATURES, folds, seed);
}

/**
 * Each song placed by a music-emotion model (fitMusicEmotionModel, with `descriptorNames`) trained on the
 * examples of the other folds, grouped as the examples say (by artist): `examples[i]` is `songs[i]`'s.
 */
export function crossFitPlacement(songs: readonly EvalSong[], examples: readonly TrainingExample[], descriptorNames: readonly string[], folds: number, seed: number): void {
  const assignment = groupedFolds(examples.map((e) => e.group), folds, seededRandom(seed));
  for (let f = 0; f < folds; f += 1) {
    const train = examples.filter((_, i) => assignment[i] !== f);
    if (train.length === examples.length) continue; // an empty fold: nobody to place
    const { model } = fitMusicEmotionModel(train, descriptorNames, { name: `fold-${f}`, innerFolds: 5, seed: seed + f });
    songs.forEach((song, i) => {
      if (assignment[i] === f) placeSong(song, predictMusicEmotion(model, (examples[i] as TrainingExample).descriptors));
    });
  }
}
