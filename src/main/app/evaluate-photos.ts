import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EMOTIONS, EmotionSchema, topEmotion, type Emotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import { readLabelTable } from './label-table.ts';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../camera/index.ts';
import {
  calibration,
  classificationMetrics,
  crossFitCameraOffset,
  EmotionClassifier,
  raterAgreement,
  readModelFolder,
  type Calibration,
  type CameraFitRow,
  type CameraOffset,
  type ClassificationMetrics,
  type RaterAgreement,
} from '../emotion/index.ts';

/**
 * One labelled photo: its file (relative to the data folder), expression and, where known, the person and what
 * human raters read in it (a rating study's top answer; null where unknown or not one of the seven).
 */
export interface LabelledPhoto {
  file: string;
  expression: Emotion;
  subject: string | null;
  rated?: Emotion | null;
}

const IMAGE_ENDINGS = /\.(png|jpe?g|bmp|webp|tiff?)$/i;

/**
 * A label table with `file` and `expression` (or `label`) columns, optionally `subject` and the raters' reading
 * (`observer_top`, `rated` or `raters`).
 */
export function readPhotoLabels(csvFile: string): LabelledPhoto[] {
  const { rows, column: at } = readLabelTable(csvFile);
  const file = at('file', 'path');
  const expression = at('expression', 'label', 'emotion');
  const subject = at('subject', 'person');
  const rated = at('observer_top', 'rated', 'raters');
  if (file < 0 || expression < 0) throw new EmotuneError('invalid-input', `labels ${csvFile} need a "file" and an "expression" column`);
  return rows.flatMap((row) => {
    const parsed = EmotionSchema.safeParse((row[expression] ?? '').trim().toLowerCase());
    // Rows labelled with something other than the seven (a "contempt" photo) are not this task's.
    if (!parsed.success) return [];
    const photo: LabelledPhoto = { file: row[file] ?? '', expression: parsed.data, subject: subject >= 0 ? row[subject] || null : null };
    if (rated >= 0) photo.rated = EmotionSchema.safeParse((row[rated] ?? '').trim().toLowerCase()).data ?? null;
    return [photo];
  });
}

/** Without a table: the photos under one subfolder per expression (named as FER-2013's classes). */
export function photosFromClassFolders(folder: string): LabelledPhoto[] {
  const photos: LabelledPhoto[] = [];
  for (const emotion of EMOTIONS) {
    const dir = join(folder, emotion);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) if (IMAGE_ENDINGS.test(name)) photos.push({ file: relative(folder, join(dir, name)), expression: emotion, subject: null });
  }
  if (photos.length === 0) throw new EmotuneError('invalid-input', `no labels given and no expression folders of photos in ${folder}`);
  return photos;
}

export interface PhotoEvaluation extends ClassificationMetrics {
  model: string;
  backend: string;
  data: string;
  /** Photos where the live path did not find exactly one face: counted wrong, and listed. */
  notOneFace: { file: string; faces: number }[];
  calibration: Calibration;
  /** The model beside the human raters, where the labels say what raters read in each photo. */
  raters: RaterAgreement | null;
  /** Accuracy per person, where the labels name them. */
  perSubject: Record<string, { accuracy: number; count: number }>;
  /** Each photo's answer, for per-person experiments (calibration to the listener); the face box's side in pixels. */
  answers: {
    file: string;
    expression: Emotion;
    subject: string | null;
    rated?: Emotion | null;
    predicted: Emotion | null;
    confidence: number | null;
    probabilities: number[] | null;
    faceSidePx: number | null;
    /** With `geometry` asked for: the members' combined answer before the camera correction, and the face's shape (null where not measured). */
    combined?: number[] | null;
    geometry?: number[] | null;
  }[];
  /**
   * How the model's camera-face correction was applied: `shipped` as the app applies it; `cross-fitted` where
   * these photos are the ones it was fitted on (their fingerprint is the one it records), each person's answers then corrected by a fit on the other
   * people's photos (`fits`, per person), so the figures are not the correction's own training set's; `none`
   * where the model has none.
   */
  cameraOffset: { mode: 'none' | 'shipped' | 'cross-fitted'; fits?: Record<string, { offset: number[]; temperature: number }> };
  seconds: number;
}

/**
 * `emotune eval --labels`: labelled photos through the live path, as the camera's frames go (working-size
 * frame, Haar face, the model's framing, the emotion worker). A photo without exactly one face counts as
 * wrong. Scores: accuracy, macro-F1, per class, confusion, and how well the confidence is calibrated.
 */
export async function evaluatePhotos(options: {
  data: string;
  photos: readonly LabelledPhoto[];
  modelDir: string;
  workerUrl: URL;
  /** Answers without the model's camera-face correction (to fit one). */
  withoutCameraOffset?: boolean;
  /** Also measure each face's shape (a model with a face-geometry head): answers then carry `combined` and `geometry`. */
  geometry?: boolean;
  /** The face mesh to measure with where the model has no face-geometry head (to fit one). */
  faceMeshDir?: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<PhotoEvaluation> {
  const data = resolve(options.data);
  const cv = loadOpenCV();
  const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
  let manifest;
  try {
    manifest = readModelFolder(options.modelDir).manifest;
  } catch (error) {
    throw new EmotuneError('model-load-failed', `emotion model in ${options.modelDir} cannot be read (${(error as Error).message.split('\n')[0]})`);
  }
  const camera = manifest.format === 'ensemble' ? manifest.cameraOffset : undefined;
  const crossFit = camera !== undefined && camera.fingerprint === photoSetFingerprint(options.photos) && !options.withoutCameraOffset;
  const classifier = new EmotionClassifier({
    workerUrl: options.workerUrl,
    modelDir: options.modelDir,
    cameraOffset: !crossFit && !options.withoutCameraOffset,
    ...(options.faceMeshDir ? { faceMeshDir: options.faceMeshDir } : {}),
  });
  const started = performance.now();
  try {
    const status = await classifier.ready();
    const answers: PhotoEvaluation['answers'] = [];
    const notOneFace: PhotoEvaluation['notOneFace'] = [];
    for (const [i, photo] of options.photos.entries()) {
      let faces = 0;
      let probabilities: number[] | null = null;
      let faceSidePx: number | null = null;
      let reading: { combined: number[]; geometry: number[] | null } | null = null;
      try {
        const analyzed = await analyzer.analyze(await cv.imreadAsync(join(data, photo.file)));
        faces = analyzed.faces.length;
        if (faces === 1) {
          const result = await classifier.classify(analyzed.gray, analyzed.faces, undefined, options.geometry ? { shape: 'now' } : {});
          reading = result.faces[0] ?? null;
          const p = result.probabilities[0] as Record<Emotion, number>;
          probabilities = EMOTIONS.map((e) => p[e]);
          const box = analyzed.faces[0] as [number, number, number, number];
          faceSidePx = Math.max(box[2], box[3]);
        }
      } catch (error) {
        throw new EmotuneError('invalid-input', `cannot read ${photo.file}: ${(error as Error).message}`);
      }
      if (faces !== 1) notOneFace.push({ file: photo.file, faces });
      answers.push({
        ...photo,
        predicted: null,
        confidence: null,
        probabilities,
        faceSidePx,
        ...(options.geometry ? { combined: reading?.combined ?? null, geometry: reading?.geometry ?? null } : {}),
      });
      options.onProgress?.(i + 1, options.photos.length);
    }
    let cameraOffset: PhotoEvaluation['cameraOffset'] = { mode: camera && !options.withoutCameraOffset ? 'shipped' : 'none' };
    if (crossFit && camera) {
      const { fits } = crossFitAnswers(answers, camera);
      cameraOffset = { mode: 'cross-fitted', fits: Object.fromEntries(fits) };
    }
    return { ...scorePhotoAnswers(answers, notOneFace), model: status.model ?? 'unknown', backend: status.backend ?? 'unknown', data, cameraOffset, seconds: (performance.now() - started) / 1000 };
  } finally {
    await classifier.close();
  }
}

/**
 * Which labelled photos these are, in 16 hex digits: a hash of their files, expressions and people, in any
 * order. A camera correction records the fingerprint of the photos it was fitted on, so that evaluating the
 * very same photos (wherever the folder lives, whatever it is called) is cross-fitted, and any other set,
 * however named, is scored with the correction as shipped.
 */
export function photoSetFingerprint(photos: readonly LabelledPhoto[]): string {
  const lines = photos.map((p) => `${p.file}\t${p.expression}\t${p.subject ?? ''}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** The answers with a face, as rows a camera correction is fitted on: grouped by person (else by photo). */
export function cameraFitRows(answers: PhotoEvaluation['answers']): CameraFitRow[] {
  return answers.flatMap((a) =>
    a.probabilities ? [{ probabilities: a.probabilities, label: EMOTIONS.indexOf(a.expression), group: a.subject ?? a.file, sidePx: a.faceSidePx ?? 0 }] : [],
  );
}

/**
 * Answers given without the camera correction, corrected in place leave one person out (crossFitCameraOffset):
 * each person's by a correction fitted on the others' photos. Returns the rows as they were and each person's fit.
 */
export function crossFitAnswers(answers: PhotoEvaluation['answers'], ramp: Pick<CameraOffset, 'minFacePx' | 'fullFacePx'>): { rows: CameraFitRow[]; fits: Map<string, { offset: number[]; temperature: number }> } {
  const rows = cameraFitRows(answers);
  const { corrected, fits } = crossFitCameraOffset(rows, ramp);
  answers.filter((a) => a.probabilities).forEach((a, i) => (a.probabilities = corrected[i] as number[]));
  return { rows, fits };
}

/**
 * The scores of photo answers (each with its probabilities, or null where the live path did not find exactly
 * one face): accuracy, macro-F1 over the expressions present, per class, confusion, calibration, per person.
 * A photo without exactly one face counts as wrong.
 */
export function scorePhotoAnswers(
  answers: PhotoEvaluation['answers'],
  notOneFace: PhotoEvaluation['notOneFace'],
): Omit<PhotoEvaluation, 'model' | 'backend' | 'data' | 'cameraOffset' | 'seconds'> {
  for (const a of answers) {
    const p = a.probabilities;
    const top = p ? topEmotion(Object.fromEntries(EMOTIONS.map((e, k) => [e, p[k] ?? 0])) as Record<Emotion, number>) : null;
    a.predicted = top?.emotion ?? null;
    a.confidence = top?.confidence ?? null;
  }
  // A photo without exactly one face is wrong: scored as a prediction no class gets (index -1 is refused
  // by the metrics, so it counts against accuracy and recall through a separate tally).
  const scored = answers.filter((a) => a.predicted !== null);
  const metrics = classificationMetrics(
    scored.map((a) => EMOTIONS.indexOf(a.expression)),
    scored.map((a) => EMOTIONS.indexOf(a.predicted as Emotion)),
  );
  const total = answers.length;
  const correct = scored.filter((a) => a.predicted === a.expression).length;
  for (const emotion of EMOTIONS) {
    const missing = notOneFace.filter((n) => answers.find((a) => a.file === n.file)?.expression === emotion).length;
    const m = metrics.perClass[emotion];
    const support = m.support + missing;
    const recall = support > 0 ? (m.recall * m.support) / support : 0;
    metrics.perClass[emotion] = { ...m, support, recall, f1: m.precision + recall > 0 ? (2 * m.precision * recall) / (m.precision + recall) : 0 };
  }
  const present = EMOTIONS.filter((e) => metrics.perClass[e].support > 0);
  const perSubject: PhotoEvaluation['perSubject'] = {};
  for (const a of answers) {
    if (!a.subject) continue;
    const s = (perSubject[a.subject] ??= { accuracy: 0, count: 0 });
    s.accuracy = (s.accuracy * s.count + (a.predicted === a.expression ? 1 : 0)) / (s.count + 1);
    s.count += 1;
  }
  return {
    ...metrics,
    accuracy: total > 0 ? correct / total : 0,
    macroF1: present.reduce((sum, e) => sum + metrics.perClass[e].f1, 0) / Math.max(1, present.length),
    count: total,
    notOneFace,
    calibration: calibration(
      scored.map((a) => a.confidence as number),
      scored.map((a) => a.predicted === a.expression),
    ),
    raters: raterAgreement(answers.map((a) => ({ expression: a.expression, rated: a.rated ?? null, predicted: a.predicted }))),
    perSubject,
    answers,
  };
}

/** What raising one expression's answers costs: the shift and the scores it leaves (recallTradeOff). */
export interface RecallTradeOff {
  expression: Emotion;
  target: number;
  recall: number;
  accuracy: number;
  /** The smallest logit added to that expression that lifts its recall to the target; null: none up to maxShift. */
  shift: number | null;
  /** Recall and accuracy with that shift (null with shift). */
  shifted: { recall: number; accuracy: number; recallOfOthers: Partial<Record<Emotion, number>> } | null;
}

/**
 * For an expression whose recall is under `target`: the smallest logit added to it (in steps of `step`, up to
 * `maxShift`) that lifts its recall to the target, and what the photos' accuracy and the other expressions'
 * recall are then. It asks what a decision rule that favours that expression would cost, without changing
 * any answer: the answers are copied.
 */
export function recallTradeOff(
  answers: PhotoEvaluation['answers'],
  notOneFace: PhotoEvaluation['notOneFace'],
  expression: Emotion,
  { target = 0.4, step = 0.05, maxShift = 3 }: { target?: number; step?: number; maxShift?: number } = {},
): RecallTradeOff {
  const k = EMOTIONS.indexOf(expression);
  const scoredWith = (shift: number) => {
    const copied = answers.map((a) => {
      if (!a.probabilities) return { ...a, probabilities: null };
      const raised = a.probabilities.map((p, j) => (j === k ? p * Math.exp(shift) : p));
      const sum = raised.reduce((s, p) => s + p, 0);
      return { ...a, probabilities: raised.map((p) => p / sum) };
    });
    return scorePhotoAnswers(copied, notOneFace);
  };
  const base = scoredWith(0);
  const result: RecallTradeOff = { expression, target, recall: base.perClass[expression].recall, accuracy: base.accuracy, shift: null, shifted: null };
  if (result.recall >= target) return { ...result, shift: 0, shifted: { recall: result.recall, accuracy: result.accuracy, recallOfOthers: {} } };
  for (let i = 1; i * step <= maxShift + 1e-9; i++) {
    const s = scoredWith(i * step);
    if (s.perClass[expression].recall >= target) {
      const recallOfOthers = Object.fromEntries(EMOTIONS.filter((e) => e !== expression && s.perClass[e].support > 0).map((e) => [e, s.perClass[e].recall]));
      return { ...result, shift: Math.round(i * step * 1e6) / 1e6, shifted: { recall: s.perClass[expression].recall, accuracy: s.accuracy, recallOfOthers } };
    }
  }
  return result;
}
