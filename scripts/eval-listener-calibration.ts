// npm run eval:calibration — does calibrating to the listener's resting face help? JSON on stdout.
// For each performer of ../shared/data/expressions: the model's answers on their photos through the live path;
// a logit offset fitted on their neutral photos (restingFaceOffset: their neutral face made to read as the
// model's average neutral FER-2013 face does), applied to their other photos. A neutral photo is scored with
// an offset fitted on the performer's other neutral photos only (never on itself); performers with a single
// neutral photo have their other photos scored, not that one. Accuracy and per-class recall, with and without.
// For a model with a face-geometry head, also `withShape`: the calibration as the app makes it for faces whose
// shape it measures (the head reading each face's movement from the performer's resting shape, from the same
// neutral photos), cross-fitted by performer on the photos the head was fitted on.
//   --model DIR   another model (default: the app's default)
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { EMOTIONS, type Emotion } from '../src/shared/emotion.ts';
import { crossFitAnswers, evaluatePhotos, learntWhileListeningAnswers, modelDirFor, photoSetFingerprint, readPhotoLabels } from '../src/main/app/index.ts';
import {
  AnyModelManifestSchema,
  applyLogitOffset,
  applyGeometryCalibration,
  applyGeometryHead,
  calibration,
  crossFitGeometryHead,
  geometryHeadReference,
  type GeometryHeadParams,
  type GeometryPhoto,
  cameraReference,
  crossFitRestingWeight,
  EmotionClassifier,
  EXPRESSION_FIT_PRIOR,
  expressionOffset,
  MANIFEST_FILE,
  readFerCsv,
  restingFaceOffset,
} from '../src/main/emotion/index.ts';
import { seededRandom } from '../src/shared/statistics.ts';
import { DEFAULT_SETTINGS } from '../src/main/settings/index.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    data: { type: 'string', default: resolve(root, '../shared/data/expressions') },
    fer: { type: 'string', default: resolve(root, '../shared/data/fer2013/fer2013-train-publictest.csv.gz') },
  },
});
if (!existsSync(values.data) || !existsSync(values.fer)) {
  console.error('eval:calibration needs ../shared/data/expressions and FER-2013 (--data, --fer)');
  process.exit(1);
}
const modelDir = values.model ? resolve(values.model) : modelDirFor(root, DEFAULT_SETTINGS.emotionModel);
const workerUrl = pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts'));

// What a typical resting face reads as: the model's restingReference, as the app uses it (its manifest), else
// its average answer on FER-2013 PublicTest's neutral faces (what fit:temperature writes there).
const manifest = AnyModelManifestSchema.parse(JSON.parse(readFileSync(join(modelDir, MANIFEST_FILE), 'utf8')));
const reference = manifest.restingReference ? [...manifest.restingReference] : new Array<number>(EMOTIONS.length).fill(0);
let neutralFaces = 0;
if (!manifest.restingReference) {
  const classifier = new EmotionClassifier({ workerUrl, modelDir });
  try {
    await classifier.ready();
    const images: { data: Uint8Array; width: number; height: number }[] = [];
    for await (const row of readFerCsv(values.fer, 'PublicTest')) if (EMOTIONS[row.label] === 'neutral') images.push({ data: row.pixels, width: 48, height: 48 });
    for (let i = 0; i < images.length; i += 256) {
      const result = await classifier.classifyImages(images.slice(i, i + 256), { scale: 1, shiftY: 0 });
      for (const p of result.probabilities) EMOTIONS.forEach((e, c) => (reference[c] = (reference[c] as number) + (p as Record<Emotion, number>)[e]));
      neutralFaces += result.probabilities.length;
    }
  } finally {
    await classifier.close();
  }
  for (let c = 0; c < reference.length; c += 1) reference[c] = (reference[c] as number) / neutralFaces;
}

const photos = readPhotoLabels(join(values.data, 'labels.csv'));
// A model that corrects camera faces aims the listener's resting face at the corrected reference, with its
// resting weight, as the app does. On the photos that correction was fitted on, each performer is treated as
// a new listener: answers corrected by the fit that left them out, aiming at that fit's reference, and calibrated
// with the resting weight chosen without them (crossFitRestingWeight).
const camera = manifest.format === 'ensemble' ? manifest.cameraOffset : undefined;
const fittedHere = camera !== undefined && camera.fingerprint === photoSetFingerprint(photos);
const head = manifest.format === 'ensemble' ? manifest.geometryHead : undefined;
const evaluation = await evaluatePhotos({ data: values.data, photos, modelDir, workerUrl, withoutCameraOffset: fittedHere, geometry: head !== undefined });
const neutralIndex = EMOTIONS.indexOf('neutral');
// The face-geometry head's answers, per photo with a measured face (its own fit's photos: cross-fitted by performer).
const headFittedHere = head !== undefined && head.fingerprint === photoSetFingerprint(photos);
const shapeAnswers = new Map<(typeof evaluation.answers)[number], number[]>();
const shapeWeightsChosen: Record<string, number> = {};
// Per performer: the head that reads them and the resting weight, for "one of each" with the shape.
const shapeHeads = new Map<string, { head: GeometryHeadParams; weight: number; temperature: number }>();
if (head && manifest.restingReference) {
  const measured = evaluation.answers.filter((a) => a.subject && a.combined && a.geometry);
  const shapeRows: GeometryPhoto[] = measured.map((a) => ({ group: a.subject as string, label: EMOTIONS.indexOf(a.expression), combined: a.combined as number[], geometry: a.geometry as number[] }));
  // On the head's own photos, each performer is read by a head fitted without them, with the resting weight chosen without them.
  const { answers, weights, temperatures, heads } = crossFitGeometryHead(shapeRows, manifest.restingReference, neutralIndex, headFittedHere ? { weight: 'chosen', l2: head.l2 } : { weight: head.restingWeight, temperature: head.temperature, head });
  Object.assign(shapeWeightsChosen, Object.fromEntries(weights));
  for (const [subject, h] of heads) shapeHeads.set(subject, { head: h, weight: weights.get(subject) ?? head.restingWeight, temperature: temperatures.get(subject) ?? head.temperature });
  measured.forEach((a, i) => {
    const answer = answers[i];
    if (answer) shapeAnswers.set(a, answer);
  });
}
let referenceFor = (_subject: string): number[] => (camera ? cameraReference(reference, camera) : reference);
let weightFor = (_subject: string): number => camera?.restingWeight ?? 1;
const weightsChosen: Record<string, number> = {};
if (camera && fittedHere) {
  const { rows, fits } = crossFitAnswers(evaluation.answers, camera);
  const weights = crossFitRestingWeight(rows, reference, camera, neutralIndex);
  Object.assign(weightsChosen, Object.fromEntries(weights));
  referenceFor = (subject) => cameraReference(reference, { ...camera, ...(fits.get(subject) ?? {}) });
  weightFor = (subject) => weights.get(subject) ?? camera.restingWeight;
}
const bySubject = new Map<string, typeof evaluation.answers>();
for (const a of evaluation.answers) if (a.subject) bySubject.set(a.subject, [...(bySubject.get(a.subject) ?? []), a]);

type Tally = { right: number; total: number };
const tally = (): Record<'without' | 'with' | 'withShape', Tally> => ({ without: { right: 0, total: 0 }, with: { right: 0, total: 0 }, withShape: { right: 0, total: 0 } });
const overall = tally();
const perClass = Object.fromEntries(EMOTIONS.map((e) => [e, tally()])) as Record<Emotion, ReturnType<typeof tally>>;
const perSubject: Record<string, { without: number; with: number; withShape?: number; photos: number; neutralPhotos: number }> = {};
const top = (p: number[]): Emotion => EMOTIONS[p.indexOf(Math.max(...p))] as Emotion;
// How well each way's confidence says how often it is right (photos with a face).
const confidence = { without: [] as number[], with: [] as number[], withShape: [] as number[] };
const correct = { without: [] as boolean[], with: [] as boolean[], withShape: [] as boolean[] };
const note = (way: keyof typeof confidence, p: number[], expression: Emotion): void => {
  confidence[way].push(Math.max(...p));
  correct[way].push(top(p) === expression);
};
for (const [subject, answers] of bySubject) {
  const neutral = answers.filter((a) => a.expression === 'neutral' && a.probabilities);
  const s = tally();
  for (const a of answers) {
    const fitOn = neutral.filter((n) => n !== a).map((n) => n.probabilities as number[]);
    if (fitOn.length === 0) continue; // nothing of this person's to calibrate with, without using this photo
    const plain = a.probabilities ? top(a.probabilities) : null;
    const calibratedAnswer = a.probabilities ? applyLogitOffset(a.probabilities, restingFaceOffset(fitOn, referenceFor(subject), weightFor(subject))) : null;
    const calibrated = calibratedAnswer ? top(calibratedAnswer) : null;
    // As the app reads a calibrated listener's face: through the head where its shape was measured, else as above.
    const shapedAnswer = shapeAnswers.get(a) ?? calibratedAnswer;
    const withShape = shapedAnswer ? top(shapedAnswer) : null;
    if (a.probabilities && calibratedAnswer && shapedAnswer) {
      note('without', a.probabilities, a.expression);
      note('with', calibratedAnswer, a.expression);
      note('withShape', shapedAnswer, a.expression);
    }
    for (const t of [overall, perClass[a.expression], s]) {
      t.without.total += 1;
      t.with.total += 1;
      t.withShape.total += 1;
      if (plain === a.expression) t.without.right += 1;
      if (calibrated === a.expression) t.with.right += 1;
      if (withShape === a.expression) t.withShape.right += 1;
    }
  }
  if (s.without.total > 0) {
    perSubject[subject] = {
      without: round(s.without.right / s.without.total),
      with: round(s.with.right / s.with.total),
      ...(head ? { withShape: round(s.withShape.right / s.withShape.total) } : {}),
      photos: s.without.total,
      neutralPhotos: neutral.length,
    };
  }
}
// One of each: per performer, five seeded draws of one calibration photo per expression.
const DRAWS = 5;
const random = seededRandom(12);
const oneOfEach = { plain: { right: 0, total: 0 }, neutralOnly: { right: 0, total: 0 }, oneOfEach: { right: 0, total: 0 }, oneOfEachWithShape: { right: 0, total: 0 } };
const oneOfEachRecall = Object.fromEntries(EMOTIONS.map((e) => [e, { plain: 0, oneOfEach: 0, withShape: 0, total: 0 }])) as Record<Emotion, { plain: number; oneOfEach: number; withShape: number; total: number }>;
for (const [subject, answers] of bySubject) {
  const faced = answers.filter((a) => a.probabilities);
  if (!faced.some((a) => a.expression === 'neutral')) continue;
  for (let draw = 0; draw < DRAWS; draw += 1) {
    const chosen = new Set<(typeof answers)[number]>();
    for (const e of EMOTIONS) {
      const candidates = faced.filter((a) => a.expression === e);
      if (candidates.length > 0) chosen.add(candidates[Math.floor(random() * candidates.length)] as (typeof answers)[number]);
    }
    const neutralPhoto = [...chosen].find((a) => a.expression === 'neutral');
    if (!neutralPhoto) continue;
    const shown = [...chosen].filter((a) => a.expression !== 'neutral').map((a) => ({ label: EMOTIONS.indexOf(a.expression), answers: [a.probabilities as number[]] }));
    const restOffset = restingFaceOffset([neutralPhoto.probabilities as number[]], referenceFor(subject), weightFor(subject));
    const eachOffset = expressionOffset([neutralPhoto.probabilities as number[]], shown, referenceFor(subject), neutralIndex, EXPRESSION_FIT_PRIOR, weightFor(subject));
    // With the shape (as the app teaches expressions through the head): the drawn neutral photo's shape is the
    // resting one, and the offset is fitted on the head's answers to the drawn photos.
    const shaped = shapeHeads.get(subject);
    const drawnMeasured = [...chosen].every((a) => a.combined && a.geometry);
    const restingShape = neutralPhoto.geometry;
    const read = shaped && restingShape ? (a: (typeof answers)[number]): number[] => applyGeometryHead(a.combined as number[], a.geometry as number[], restingShape, shaped.head) : null;
    const shapeOffset =
      read && drawnMeasured && shaped
        ? expressionOffset(
            [read(neutralPhoto)],
            [...chosen].filter((a) => a.expression !== 'neutral').map((a) => ({ label: EMOTIONS.indexOf(a.expression), answers: [read(a)] })),
            geometryHeadReference(manifest.restingReference ?? reference, shaped.head),
            neutralIndex,
            EXPRESSION_FIT_PRIOR,
            shaped.weight,
          )
        : null;
    for (const a of answers) {
      if (chosen.has(a)) continue;
      const p = a.probabilities;
      const plain = p ? top(p) : null;
      const rest = p ? top(applyLogitOffset(p, restOffset)) : null;
      const each = p ? top(applyLogitOffset(p, eachOffset)) : null;
      // Faces whose shape was not measured keep the calibration without it, as in the app.
      const withShape = read && shapeOffset && shaped && a.combined && a.geometry ? top(applyGeometryCalibration(a.combined, a.geometry, restingShape as number[], shaped.head, shapeOffset, shaped.temperature)) : each;
      for (const [t, answer] of [[oneOfEach.plain, plain], [oneOfEach.neutralOnly, rest], [oneOfEach.oneOfEach, each], [oneOfEach.oneOfEachWithShape, withShape]] as const) {
        t.total += 1;
        if (answer === a.expression) t.right += 1;
      }
      const r = oneOfEachRecall[a.expression];
      r.total += 1;
      if (plain === a.expression) r.plain += 1;
      if (each === a.expression) r.oneOfEach += 1;
      if (withShape === a.expression) r.withShape += 1;
    }
  }
}

// Learnt while listening, with no calibration asked for (a model with a face-geometry head): the resting face's
// shape is the mean shape of the listener's faces that the model, uncalibrated, reads as neutral; faces are then
// read by the head from it, with the resting-face offset on top fitted on those faces (as a calibration is). Here
// each performer's "neutral-read faces" are their other photos whose uncalibrated answer (the cross-fitted
// camera correction's) is neutral; every photo of every performer is scored, those with no such photo unchanged.
const unprompted = { without: { right: 0, total: 0 }, learnt: { right: 0, total: 0 }, performersLearnt: 0, restingPhotos: [] as number[] };
const unpromptedRecall = Object.fromEntries(EMOTIONS.map((e) => [e, { without: 0, learnt: 0, total: 0 }])) as Record<Emotion, { without: number; learnt: number; total: number }>;
if (head && manifest.restingReference) {
  const learnt = learntWhileListeningAnswers(evaluation.answers, shapeHeads, manifest.restingReference);
  unprompted.performersLearnt = learnt.peopleLearnt;
  unprompted.restingPhotos.push(...Object.values(learnt.neutralReadPerPerson));
  evaluation.answers.forEach((a, i) => {
    if (!a.subject) return;
    const plain = a.probabilities ? top(a.probabilities) : null;
    const p = learnt.answers[i]?.probabilities;
    const answer = p ? top(p) : null;
    unprompted.without.total += 1;
    unprompted.learnt.total += 1;
    if (plain === a.expression) unprompted.without.right += 1;
    if (answer === a.expression) unprompted.learnt.right += 1;
    const r = unpromptedRecall[a.expression];
    r.total += 1;
    if (plain === a.expression) r.without += 1;
    if (answer === a.expression) r.learnt += 1;
  });
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
const share = (t: Tally): number => (t.total > 0 ? round(t.right / t.total) : Number.NaN);
console.log(
  JSON.stringify(
    {
      evaluation: 'calibration to the listener: a resting-face logit offset fitted on their neutral photos',
      model: evaluation.model,
      reference: `${manifest.restingReference ? 'the model manifest\'s restingReference' : `mean answer on ${neutralFaces} PublicTest neutral faces`}${camera ? ', as a camera face reads it' : ''}`,
      cameraOffset: fittedHere ? 'cross-fitted by performer (the set it was fitted on)' : camera ? 'as shipped' : 'none',
      restingWeight: fittedHere ? { perPerformer: weightsChosen, chosenWithoutThem: true } : (camera?.restingWeight ?? 1),
      geometryHead: head
        ? headFittedHere
          ? { mode: 'cross-fitted by performer (the set it was fitted on)', restingWeight: { perPerformer: shapeWeightsChosen, chosenWithoutThem: true } }
          : { mode: 'as shipped', restingWeight: head.restingWeight }
        : 'none',
      photosScored: overall.without.total,
      accuracy: { without: share(overall.without), with: share(overall.with), ...(head ? { withShape: share(overall.withShape) } : {}) },
      ece: {
        without: round(calibration(confidence.without, correct.without).ece),
        with: round(calibration(confidence.with, correct.with).ece),
        ...(head ? { withShape: round(calibration(confidence.withShape, correct.withShape).ece) } : {}),
      },
      // The mean shown confidence beside the accuracy on the same photos (those with a face): which way the ECE's gap goes.
      photosWithFace: confidence.without.length,
      accuracyOnThem: Object.fromEntries((['without', 'with', ...(head ? ['withShape' as const] : [])] as const).map((way) => [way, round(correct[way].filter(Boolean).length / Math.max(1, correct[way].length))])),
      meanConfidence: Object.fromEntries(
        (['without', 'with', ...(head ? ['withShape' as const] : [])] as const).map((way) => [way, round(confidence[way].reduce((x, y) => x + y, 0) / Math.max(1, confidence[way].length))]),
      ),
      recall: Object.fromEntries(
        EMOTIONS.map((e) => [e, { without: share(perClass[e].without), with: share(perClass[e].with), ...(head ? { withShape: share(perClass[e].withShape) } : {}), photos: perClass[e].without.total }]),
      ),
      perSubject,
      ...(head
        ? {
            unprompted: {
              evaluation:
                'learnt while listening, no calibration: each performer\'s resting shape from their other photos the uncalibrated model reads as neutral; every photo scored (without any such photo, unchanged)',
              photosScored: unprompted.without.total,
              performersLearnt: unprompted.performersLearnt,
              neutralReadPhotosPerPerformer: unprompted.restingPhotos,
              accuracy: { without: share(unprompted.without), learnt: share(unprompted.learnt) },
              recall: Object.fromEntries(EMOTIONS.map((e) => {
                const r = unpromptedRecall[e];
                return [e, { without: share({ right: r.without, total: r.total }), learnt: share({ right: r.learnt, total: r.total }), photos: r.total }];
              })),
            },
          }
        : {}),
      oneOfEach: {
        evaluation: `one photo of each posed expression drawn as the performer's calibration (${DRAWS} draws each), the others scored`,
        photosScored: oneOfEach.plain.total,
        accuracy: {
          without: share(oneOfEach.plain),
          neutralPhotoOnly: share(oneOfEach.neutralOnly),
          oneOfEach: share(oneOfEach.oneOfEach),
          ...(head ? { oneOfEachWithShape: share(oneOfEach.oneOfEachWithShape) } : {}),
        },
        recall: Object.fromEntries(
          EMOTIONS.map((e) => {
            const r = oneOfEachRecall[e];
            return [e, { without: share({ right: r.plain, total: r.total }), oneOfEach: share({ right: r.oneOfEach, total: r.total }), ...(head ? { oneOfEachWithShape: share({ right: r.withShape, total: r.total }) } : {}) }];
          }),
        ),
      },
    },
    null,
    2,
  ),
);
