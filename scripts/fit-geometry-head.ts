// npm run fit:geometry-head -- [--model NAME] [--write] — the face-geometry head of an ensemble
// (src/main/emotion/geometry-head.ts): for a calibrated listener, camera faces read also by how far the face's
// shape (face-geometry.ts: 16 measures from MediaPipe's face mesh) has moved from the listener's resting face.
// Fitted class-balanced on the posed photos of ../shared/data/expressions through the live path, each photo's
// shape taken from its performer's own neutral photos. JSON on stdout:
//   - leave one performer out, as a new listener meets it: each performer's photos read by a head fitted on the
//     other performers, calibrated with the performer's other neutral photos (their resting shape, and the
//     resting-face offset at GEOMETRY_RESTING_WEIGHT); beside it the same photos with the app's calibration
//     without the head (`npm run eval:calibration` reports that one too);
//   - a check on ../shared/data/faces, a set it never saw: each London sitter calibrated with their neutral
//     portrait, their smiling one read by the head fitted on all the expressions photos, and without it;
//   - the head fitted on all the photos, written into the ensemble's emotune-model.json with --write.
// The L2 strength and the resting weight are fixed (GEOMETRY_HEAD_L2, GEOMETRY_RESTING_WEIGHT), not chosen on
// these figures' folds; --l2 and --resting-weight show how the figures move with them (not for --write).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { EMOTIONS, type Emotion } from '../src/shared/emotion.ts';
import { evaluatePhotos, modelDirFor, photoSetFingerprint, readPhotoLabels } from '../src/main/app/index.ts';
import {
  applyGeometryCalibration,
  applyLogitOffset,
  cameraReference,
  chooseGeometryCalibration,
  crossFitGeometryHead,
  geometryRestingOffset,
  restingFaceOffset,
  fitGeometryHeadOnPhotos,
  GEOMETRY_HEAD_L2,
  GEOMETRY_RESTING_WEIGHTS,
  MANIFEST_FILE,
  memberFolder,
  readModelFolder,
  type GeometryPhoto,
} from '../src/main/emotion/index.ts';
import { DEFAULT_SETTINGS } from '../src/main/settings/index.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_SETTINGS.emotionModel },
    data: { type: 'string', default: resolve(root, '../shared/data/expressions') },
    check: { type: 'string', default: resolve(root, '../shared/data/faces') },
    mesh: { type: 'string', default: 'face-mesh' },
    l2: { type: 'string', default: String(GEOMETRY_HEAD_L2) },
    'resting-weight': { type: 'string', default: 'chosen' },
    write: { type: 'boolean', default: false },
  },
});
for (const folder of [values.data, values.check]) {
  if (!existsSync(join(folder, 'labels.csv'))) {
    console.error(`fit:geometry-head needs ${folder}/labels.csv (--data, --check)`);
    process.exit(1);
  }
}
const l2 = Number(values.l2);
const fixedWeight = values['resting-weight'] === 'chosen' ? null : Number(values['resting-weight']);
if (fixedWeight !== null && !(fixedWeight >= 0 && fixedWeight <= 1)) {
  console.error('--resting-weight is a number from 0 to 1, or "chosen"');
  process.exit(2);
}
if (values.write && (l2 !== GEOMETRY_HEAD_L2 || fixedWeight !== null)) {
  console.error('--write writes the head with the fixed L2 and the chosen resting weight only');
  process.exit(2);
}
const dir = resolve(modelDirFor(root, values.model));
const manifestFile = join(dir, MANIFEST_FILE);
const ensemble = readModelFolder(dir).manifest;
if (ensemble.format !== 'ensemble' || !ensemble.restingReference) {
  console.error(`${values.model}: the face-geometry head belongs to an ensemble's manifest with a restingReference (npm run fit:temperature)`);
  process.exit(2);
}
const MIN_FACE_PX = 96;
const raw = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
const photos = readPhotoLabels(join(values.data, 'labels.csv'));
process.stderr.write(`${values.model}: ${basename(values.data)} photos through the live path, with their faces' shapes…\n`);
const evaluation = await evaluatePhotos({
  data: values.data,
  photos,
  modelDir: dir,
  workerUrl: pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts')),
  withoutCameraOffset: true,
  geometry: true,
  faceMeshDir: memberFolder(dir, { model: values.mesh }),
});
const NEUTRAL = EMOTIONS.indexOf('neutral');
const measured = evaluation.answers.filter((a) => a.combined && a.geometry && a.subject);
const rows: GeometryPhoto[] = measured.map((a) => ({ group: a.subject as string, label: EMOTIONS.indexOf(a.expression), combined: a.combined as number[], geometry: a.geometry as number[] }));
const { answers: crossFitted, weights: weightsChosen, temperatures: temperaturesChosen } = crossFitGeometryHead(rows, ensemble.restingReference, NEUTRAL, { l2, weight: fixedWeight ?? 'chosen' });
// The shipped head's resting weight and temperature: chosen on all the performers, each read by a head fitted without them.
const { weight: restingWeight, temperature } = fixedWeight === null ? chooseGeometryCalibration(rows, ensemble.restingReference, NEUTRAL, l2) : { weight: fixedWeight, temperature: 1 };

// Scored as eval:calibration scores: every photo of a performer with another neutral photo to calibrate with;
// a photo without one face counts wrong.
const hasOtherNeutral = (subject: string, file: string): boolean => evaluation.answers.some((a) => a.subject === subject && a.file !== file && a.expression === 'neutral' && a.geometry);
const tally = { right: 0, total: 0 };
const perClass = Object.fromEntries(EMOTIONS.map((e) => [e, { right: 0, total: 0 }])) as Record<Emotion, { right: number; total: number }>;
for (const a of evaluation.answers) {
  if (!a.subject || !hasOtherNeutral(a.subject, a.file)) continue;
  const k = measured.indexOf(a);
  const answer = k >= 0 ? crossFitted[k] : null;
  const right = answer ? EMOTIONS[answer.indexOf(Math.max(...answer))] === a.expression : false;
  for (const t of [tally, perClass[a.expression]]) {
    t.total += 1;
    if (right) t.right += 1;
  }
}
const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;
const fitted = fitGeometryHeadOnPhotos(rows, NEUTRAL, l2);
const geometryHead = {
  meshModel: values.mesh,
  minFacePx: MIN_FACE_PX,
  scale: round(fitted.scale, 6),
  offset: fitted.offset.map((v) => round(v, 6)),
  featureMean: fitted.featureMean.map((v) => round(v, 6)),
  featureSpread: fitted.featureSpread.map((v) => round(v, 6)),
  weights: fitted.weights.map((row) => row.map((v) => round(v, 6))),
  restingWeight,
  temperature: round(temperature, 4),
  l2,
  fittedOn: `${basename(values.data)} (${photos.length} photos)`,
  fingerprint: photoSetFingerprint(photos),
};
// The check set: each sitter with a neutral and a smiling portrait, calibrated with the neutral one.
process.stderr.write(`${basename(values.check)}: the check set…\n`);
const check = await evaluatePhotos({
  data: values.check,
  photos: readPhotoLabels(join(values.check, 'labels.csv')),
  modelDir: dir,
  workerUrl: pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts')),
  geometry: true,
  faceMeshDir: memberFolder(dir, { model: values.mesh }),
});
const camera = ensemble.cameraOffset;
const target = cameraReference(ensemble.restingReference, camera);
const checkTally = { sitters: 0, withShape: 0, withoutShape: 0, uncalibrated: 0 };
for (const subject of new Set(check.answers.map((a) => a.subject).filter((s): s is string => Boolean(s)))) {
  const mine = check.answers.filter((a) => a.subject === subject);
  const neutral = mine.find((a) => a.expression === 'neutral' && a.geometry && a.combined && a.probabilities);
  for (const other of mine.filter((a) => a !== neutral && a.expression !== 'neutral')) {
    if (!neutral) continue;
    checkTally.sitters += 1;
    const top = (p: number[] | null): Emotion | null => (p ? (EMOTIONS[p.indexOf(Math.max(...p))] as Emotion) : null);
    if (top(other.probabilities) === other.expression) checkTally.uncalibrated += 1;
    const plain = other.probabilities ? applyLogitOffset(other.probabilities, restingFaceOffset([neutral.probabilities as number[]], target, camera?.restingWeight ?? 1)) : null;
    if (top(plain) === other.expression) checkTally.withoutShape += 1;
    const resting = neutral.geometry as number[];
    const offset = geometryRestingOffset([{ combined: neutral.combined as number[], geometry: resting }], resting, ensemble.restingReference as number[], fitted, restingWeight);
    const shaped = other.geometry && other.combined ? applyGeometryCalibration(other.combined, other.geometry, resting, fitted, offset, temperature) : plain;
    if (top(shaped) === other.expression) checkTally.withShape += 1;
  }
}

if (values.write) writeFileSync(manifestFile, `${JSON.stringify({ ...raw, geometryHead }, null, 2)}\n`);
console.log(
  JSON.stringify(
    {
      model: values.model,
      data: values.data,
      method: `class-balanced cross-entropy of softmax(scale · log p + offset + standardised shape deltas · W), L2 ${l2} on W; the resting-face offset on top at a weight ${fixedWeight === null ? `chosen among ${GEOMETRY_RESTING_WEIGHTS.join(', ')} without the performer scored` : `of ${fixedWeight}`}; leave one performer out (${new Set(rows.map((r) => r.group)).size} performers)`,
      facesMeasured: measured.length,
      restingWeight: fixedWeight === null ? { perPerformer: Object.fromEntries(weightsChosen), chosenWithoutThem: true, shipped: restingWeight } : { fixed: fixedWeight },
      temperature: fixedWeight === null ? { perPerformer: Object.fromEntries([...temperaturesChosen].map(([k, v]) => [k, round(v, 3)])), chosenWithoutThem: true, shipped: round(temperature, 4) } : { fixed: 1 },
      photosScored: tally.total,
      calibrated: {
        accuracy: round(tally.right / Math.max(1, tally.total)),
        recall: Object.fromEntries(EMOTIONS.map((e) => [e, round(perClass[e].right / Math.max(1, perClass[e].total), 3)])),
      },
      check: {
        data: values.check,
        evaluation: 'each sitter with a neutral portrait calibrated with it; their other portraits (smiling) read by the head fitted on all the photos above, and by the calibration without it (the camera correction as shipped)',
        photos: checkTally.sitters,
        right: { uncalibrated: checkTally.uncalibrated, calibratedWithoutShape: checkTally.withoutShape, calibratedWithShape: checkTally.withShape },
      },
      geometryHead,
      written: values.write,
    },
    null,
    2,
  ),
);

