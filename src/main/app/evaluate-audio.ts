import { relative, resolve } from 'node:path';
import type { JobFinished, JobRef } from '../../shared/api/index.ts';
import { EmotuneError } from '../../shared/errors.ts';
import {
  AnalysisPool,
  DESCRIPTOR_NAMES,
  FeaturesRepository,
  loadMusicEmotionModel,
  scoreMer,
} from '../analysis/index.ts';
import type { Services } from './create-services.ts';
import { crossFitPlacement, type EvalSong } from './evaluate-recommender.ts';
import { analyzeClips, labelsFromQuadrantFolders, readAudioLabels, type LabelledClip } from './labelled-audio.ts';

export interface AudioEvalOptions {
  /** The folder of clips; labels' `file` paths are relative to it. */
  data: string;
  /** A label table; without one, Q1…Q4 subfolders of `data`. */
  labels?: string;
  modelFile: string;
  workerUrl: URL;
  threads: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** eval-audio: analyses every labelled clip through the app's own analyser and model, and scores it. */
export async function evaluateAudio(options: AudioEvalOptions) {
  const clips = options.labels ? readAudioLabels(options.labels) : labelsFromQuadrantFolders(options.data);
  let problem = '';
  const model = loadMusicEmotionModel(options.modelFile, (message) => (problem = message));
  if (!model) throw new EmotuneError('invalid-input', problem);
  const pool = new AnalysisPool({ workerUrl: options.workerUrl, size: options.threads, model });
  const started = performance.now();
  try {
    const outcomes = await analyzeClips(options.data, clips, pool, { ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const seconds = (performance.now() - started) / 1000;
    const analysed = outcomes.flatMap((o) => ('features' in o ? [o] : []));
    const failed = outcomes.flatMap((o) => ('error' in o ? [{ file: o.clip.file, error: o.error }] : []));
    if (analysed.length === 0) throw new EmotuneError('invalid-input', `no clip could be analysed (${failed[0]?.error ?? 'no clips'})`);
    const scores = scoreMer(
      analysed.map((o) => ({ valence: o.features.valence, arousal: o.features.arousal, quadrants: o.features.quadrants ?? [0.25, 0.25, 0.25, 0.25] })),
      analysed.map((o) => o.clip),
    );
    const audioSeconds = analysed.reduce((a, o) => a + o.features.durationSec, 0);
    return {
      data: resolve(options.data),
      model: model.name,
      labelled: clips.length,
      analysed: analysed.length,
      failed,
      ...scores,
      speed: {
        threads: pool.size,
        secondsPerClip: Math.round((seconds / analysed.length) * 1000) / 1000,
        threadSecondsPerClip: Math.round((analysed.reduce((a, o) => a + o.ms, 0) / analysed.length / 1000) * 1000) / 1000,
        timesRealTime: Math.round((audioSeconds / seconds) * 10) / 10,
      },
    };
  } finally {
    await pool.close();
  }
}

/** Starts a job through the services and waits for it; a failed or cancelled job throws with its reason. */
export function runJob(services: Services, start: () => JobRef): Promise<JobFinished> {
  return new Promise((resolveDone, reject) => {
    let jobId: string | null = null;
    const early: JobFinished[] = [];
    const settle = (finished: JobFinished): void => {
      off();
      if (finished.status === 'done') resolveDone(finished);
      else reject(new EmotuneError((finished.error?.code as never) ?? 'internal', finished.error?.message ?? `job ${finished.status}`));
    };
    const off = services.events.on((event, payload) => {
      if (event !== 'job.finished') return;
      const finished = payload as JobFinished;
      if (jobId === null) early.push(finished);
      else if (finished.jobId === jobId) settle(finished);
    });
    jobId = start().jobId;
    const done = early.find((f) => f.jobId === jobId);
    if (done) settle(done);
  });
}

/**
 * A labelled audio folder as an evaluation library, through the app's own path: imported into the services'
 * library and analysed (the shipped model places each song), then each song's point read back as the
 * recommender reads it. With `crossFit`, each song is placed instead by a model trained on the other folds'
 * songs (grouped by the labels' artist), from the descriptors the analysis stored: the honest figure when the
 * library is the model's own training set.
 */
export async function loadAudioEvalLibrary(
  services: Services,
  folder: string,
  clips: readonly LabelledClip[],
  options: { crossFit: boolean; folds?: number; seed?: number; onProgress?: (text: string) => void },
): Promise<{ songs: EvalSong[]; unlabelled: number; notAnalysed: { path: string; error: string }[] }> {
  const root = resolve(folder);
  options.onProgress?.(`importing ${root}`);
  await runJob(services, () => services.startImport([root]));
  options.onProgress?.('analysing');
  const analysis = await runJob(services, () => services.startAnalysis());
  const labelOf = new Map(clips.map((c) => [resolve(root, c.file), c]));
  const vectors = new Map(services.repository.featureVectors().map((v) => [v.id, v]));
  const songs: (EvalSong & { clip: LabelledClip })[] = [];
  let unlabelled = 0;
  for (const point of services.recommendations.moodPoints()) {
    const file = services.repository.getSongFile(point.id);
    const clip = file ? labelOf.get(resolve(file.path)) : undefined;
    if (!clip) {
      unlabelled += 1;
      continue;
    }
    const vector = vectors.get(point.id);
    songs.push({ ...point, energy: vector?.energy ?? null, tempoBpm: vector?.tempoBpm ?? null, quadrant: clip.quadrant, clip });
  }
  if (options.crossFit) crossFit(songs, new FeaturesRepository(services.db).descriptorsBySong(), options.folds ?? 10, options.seed ?? 1);
  const errors = (analysis.summary as { errors?: { path: string; message: string }[] } | undefined)?.errors ?? [];
  return {
    songs: songs.map(({ clip: _clip, ...song }) => song),
    unlabelled,
    notAnalysed: errors.map((e) => ({ path: relative(root, e.path) || e.path, error: e.message })),
  };
}

function crossFit(songs: (EvalSong & { clip: LabelledClip })[], descriptors: Map<number, Float32Array>, folds: number, seed: number): void {
  const examples = songs.map((s) => ({
    descriptors: Array.from(descriptors.get(s.id) ?? []),
    quadrant: s.quadrant,
    group: s.clip.artist?.toLowerCase() ?? s.clip.file,
  }));
  if (examples.some((e) => e.descriptors.length !== DESCRIPTOR_NAMES.length)) {
    throw new EmotuneError('invalid-input', 'some songs have no stored descriptors: analyse the library again');
  }
  crossFitPlacement(songs, examples, DESCRIPTOR_NAMES, folds, seed);
}
