import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';
import {
  applyGeometryCalibration,
  crossFitGeometryHead,
  geometryRestingOffset,
  meanVector,
  type GeometryHead,
  type GeometryHeadParams,
  type GeometryPhoto,
} from '../emotion/index.ts';
import type { ModelGeometryHead } from './create-services.ts';
import { photoSetFingerprint, scorePhotoAnswers, type LabelledPhoto, type PhotoEvaluation } from './evaluate-photos.ts';

type Answer = PhotoEvaluation['answers'][number];
const NEUTRAL = EMOTIONS.indexOf('neutral');

/** How one person's faces are read through the face-geometry head: the head, its resting weight and temperature. */
export interface ShapeReader {
  head: GeometryHeadParams;
  weight: number;
  temperature: number;
}

/**
 * The head each person of a photo set is read with: the model's own (`head` as shipped) on a set it was not
 * fitted on; on its own photos (`crossFit`), a head fitted without that person, its resting weight and
 * temperature chosen without them (crossFitGeometryHead, nested). Photos need a person, the members' combined
 * answer and the face's shape (evaluatePhotos with `geometry`).
 */
export function shapeReaders(answers: readonly Answer[], head: GeometryHead, reference: ArrayLike<number>, crossFit: boolean): Map<string, ShapeReader> {
  const readers = new Map<string, ShapeReader>();
  const measured = answers.filter((a) => a.subject && a.combined && a.geometry);
  if (!crossFit) {
    for (const a of measured) readers.set(a.subject as string, { head, weight: head.restingWeight, temperature: head.temperature });
    return readers;
  }
  const rows: GeometryPhoto[] = measured.map((a) => ({ group: a.subject as string, label: EMOTIONS.indexOf(a.expression), combined: a.combined as number[], geometry: a.geometry as number[] }));
  const { heads, weights, temperatures } = crossFitGeometryHead(rows, reference, NEUTRAL, { weight: 'chosen', l2: head.l2 });
  for (const [subject, h] of heads) readers.set(subject, { head: h, weight: weights.get(subject) ?? head.restingWeight, temperature: temperatures.get(subject) ?? head.temperature });
  return readers;
}

const topOf = (p: readonly number[]): Emotion => EMOTIONS[p.indexOf(Math.max(...p))] as Emotion;

/**
 * The answers as the app gives them to a listener whose resting face it learnt while they listened, with no
 * calibration (listener-calibration.ts): each person's resting shape is the mean shape of their *other* faces
 * whose answer (as read without it) is neutral, the resting-face offset on top fitted on the head's answers to
 * those faces; every face whose shape was measured is then read through the head. A person with no other
 * neutral-read face, and a face without a shape, keep their answer. No label is used. Returns copies.
 */
export function learntWhileListeningAnswers(
  answers: readonly Answer[],
  readers: ReadonlyMap<string, ShapeReader>,
  reference: ArrayLike<number>,
): { answers: Answer[]; peopleLearnt: number; neutralReadPerPerson: Record<string, number> } {
  const out = answers.map((a) => ({ ...a, probabilities: a.probabilities ? [...a.probabilities] : null }));
  const bySubject = new Map<string, number[]>();
  answers.forEach((a, i) => {
    if (a.subject) bySubject.set(a.subject, [...(bySubject.get(a.subject) ?? []), i]);
  });
  let peopleLearnt = 0;
  const neutralReadPerPerson: Record<string, number> = {};
  for (const [subject, indices] of bySubject) {
    const reader = readers.get(subject);
    const readNeutral = indices.filter((i) => {
      const a = answers[i] as Answer;
      return a.probabilities && a.combined && a.geometry && topOf(a.probabilities) === 'neutral';
    });
    neutralReadPerPerson[subject] = readNeutral.length;
    if (!reader) continue;
    let learnt = false;
    for (const i of indices) {
      const a = answers[i] as Answer;
      const resting = readNeutral.filter((j) => j !== i).map((j) => ({ combined: (answers[j] as Answer).combined as number[], geometry: (answers[j] as Answer).geometry as number[] }));
      if (resting.length === 0 || !a.probabilities || !a.combined || !a.geometry) continue;
      const restingShape = meanVector(resting.map((r) => r.geometry));
      const offset = geometryRestingOffset(resting, restingShape, reference, reader.head, reader.weight);
      (out[i] as Answer).probabilities = applyGeometryCalibration(a.combined, a.geometry, restingShape, reader.head, offset, reader.temperature);
      learnt = true;
    }
    if (learnt) peopleLearnt += 1;
  }
  return { answers: out, peopleLearnt, neutralReadPerPerson };
}

/** What `emotune eval` reports of the resting face learnt while listening (learntWhileListeningAnswers). */
export interface LearntWhileListeningScores {
  evaluation: string;
  /** `shipped`: the model's head reads everyone; `cross-fitted`: the photos it was fitted on, each person read by a head fitted without them. */
  mode: 'shipped' | 'cross-fitted';
  peopleLearnt: number;
  accuracy: number;
  macroF1: number;
  recall: Record<Emotion, number>;
  ece: number;
}

/**
 * Scores a photo evaluation (made with `geometry`, photos with a `subject`) as the app reads a listener whose
 * resting face it learnt while they listened, with the model's head as the app reads it (geometryHeadOf); null
 * for photos without people. On the head's own photos (its fingerprint) each person is read by a head fitted
 * without them.
 */
export function scoreLearntWhileListening(result: PhotoEvaluation, learning: ModelGeometryHead, photos: readonly LabelledPhoto[]): LearntWhileListeningScores | null {
  if (!result.answers.some((a) => a.subject && a.geometry)) return null;
  const crossFit = learning.head.fingerprint === photoSetFingerprint(photos);
  const readers = shapeReaders(result.answers, learning.head, learning.reference, crossFit);
  const learnt = learntWhileListeningAnswers(result.answers, readers, learning.reference);
  const scores = scorePhotoAnswers(learnt.answers, result.notOneFace);
  return {
    evaluation:
      "no calibration: each person's resting shape from their other photos read as neutral (no labels used), as the app learns it while a listener listens; photos of people with no such photo, and faces too small to measure, keep their answer",
    mode: crossFit ? 'cross-fitted' : 'shipped',
    peopleLearnt: learnt.peopleLearnt,
    accuracy: scores.accuracy,
    macroF1: scores.macroF1,
    recall: Object.fromEntries(EMOTIONS.map((e) => [e, scores.perClass[e].recall])) as Record<Emotion, number>,
    ece: scores.calibration.ece,
  };
}
