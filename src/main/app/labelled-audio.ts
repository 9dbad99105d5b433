import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { EmotuneError } from '../../shared/errors.ts';
import { readLabelTable } from './label-table.ts';
import type { AnalysisPool, AudioFeatures } from '../analysis/index.ts';
import { QUADRANTS, type MerLabel, type Quadrant } from '../analysis/index.ts';

/** One labelled clip: its file (relative to the data folder), quadrant, artist (for grouped folds), ratings. */
export interface LabelledClip extends MerLabel {
  file: string;
  artist: string | null;
  title: string | null;
}

const AUDIO = new Set(['.mp3', '.flac', '.ogg', '.oga', '.opus', '.wav', '.m4a', '.mp4', '.aac']);

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads a label table: a header with `file` (or `path`) and `quadrant` (Q1…Q4), optionally `artist`, `title`
 * and continuous ratings (`valence`/`arousal`, or mer4q's `tag_valence`/`tag_arousal`).
 */
export function readAudioLabels(csvFile: string): LabelledClip[] {
  const { rows, column: at } = readLabelTable(csvFile);
  const file = at('file', 'path');
  const quadrant = at('quadrant');
  if (file < 0 || quadrant < 0) throw new EmotuneError('invalid-input', `labels ${csvFile} need a "file" and a "quadrant" column`);
  const artist = at('artist');
  const title = at('title');
  const valence = at('valence', 'tag_valence');
  const arousal = at('arousal', 'tag_arousal');
  return rows.map((row, i) => {
    const q = (row[quadrant] ?? '').trim().toUpperCase();
    if (!(QUADRANTS as readonly string[]).includes(q)) {
      throw new EmotuneError('invalid-input', `labels ${csvFile} line ${i + 2}: quadrant "${row[quadrant] ?? ''}" is not Q1, Q2, Q3 or Q4`);
    }
    return {
      file: row[file] ?? '',
      quadrant: q as Quadrant,
      artist: artist >= 0 ? (row[artist] ?? '').trim() || null : null,
      title: title >= 0 ? (row[title] ?? '').trim() || null : null,
      valence: valence >= 0 ? numberOrNull(row[valence]) : null,
      arousal: arousal >= 0 ? numberOrNull(row[arousal]) : null,
    };
  });
}

/** Without a label table: the audio files under Q1/ … Q4/ subfolders of `folder`. */
export function labelsFromQuadrantFolders(folder: string): LabelledClip[] {
  const clips: LabelledClip[] = [];
  for (const quadrant of QUADRANTS) {
    const dir = join(folder, quadrant);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const walk = (path: string): void => {
      for (const name of readdirSync(path).sort()) {
        const full = join(path, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (AUDIO.has(extname(name).toLowerCase())) clips.push({ file: relative(folder, full), quadrant, artist: null, title: null });
      }
    };
    walk(dir);
  }
  if (clips.length === 0) throw new EmotuneError('invalid-input', `no labels given and no Q1…Q4 folders of audio in ${folder}`);
  return clips;
}

export type ClipOutcome = { clip: LabelledClip; features: AudioFeatures; ms: number } | { clip: LabelledClip; error: string };

/**
 * Analyses every clip through the worker pool (as many in flight as it has threads), reporting each one.
 * A clip that cannot be analysed is kept with its reason; `signal` stops between clips.
 */
export async function analyzeClips(
  folder: string,
  clips: readonly LabelledClip[],
  pool: AnalysisPool,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number, file: string) => void } = {},
): Promise<ClipOutcome[]> {
  const outcomes: ClipOutcome[] = new Array(clips.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < clips.length && !options.signal?.aborted) {
      const index = next++;
      const clip = clips[index] as LabelledClip;
      const started = performance.now();
      try {
        const features = await pool.analyze(join(folder, clip.file));
        outcomes[index] = { clip, features, ms: performance.now() - started };
      } catch (error) {
        outcomes[index] = { clip, error: (error as Error).message };
      }
      done += 1;
      options.onProgress?.(done, clips.length, clip.file);
    }
  };
  await Promise.all(Array.from({ length: pool.size }, lane));
  options.signal?.throwIfAborted();
  return outcomes;
}
