import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { APP_ROOT } from '../testing/services.ts';
import { hasShared, parseFaceLabels, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { applyCameraOffset, EnsembleManifestSchema } from '../emotion/index.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { evaluatePhotos, photoSetFingerprint, readPhotoLabels } from './evaluate-photos.ts';
import { modelDirFor } from './paths.ts';

const WORKER = pathToFileURL(join(APP_ROOT, 'src/main/emotion/emotion.worker.ts'));
const temp = useTempDir();

describe('the live path on real photos', () => {
  it.skipIf(!hasShared('data', 'faces'))(
    'finds exactly one face, with an emotion, in each of the 48 single-face London photos (one process, one model load)',
    async () => {
      const london = parseFaceLabels(readFileSync(sharedPath('data', 'faces', 'labels.csv'), 'utf8')).filter((l) => l.file.startsWith('london/'));
      expect(london).toHaveLength(48);
      const result = await evaluatePhotos({
        data: sharedPath('data', 'faces'),
        // The expression does not matter here (it is scored elsewhere): every photo is asked for its one face.
        photos: london.map((l) => ({ file: l.file, expression: 'neutral' as const, subject: null })),
        modelDir: modelDirFor(APP_ROOT, 'emotune-vgg'),
        workerUrl: WORKER,
      });
      expect(result.notOneFace).toEqual([]);
      expect(result.answers).toHaveLength(48);
      for (const answer of result.answers) {
        expect(EMOTIONS).toContain(answer.predicted);
        expect(answer.probabilities).toHaveLength(7);
      }
    },
    600_000,
  );
  if (!hasShared('data', 'faces')) console.warn(skipMessage('data', 'faces'));

  it.skipIf(!hasShared('data', 'expressions'))(
    'scores the very photos a camera correction was fitted on cross-fitted (each person with a fit on the others), any other set as shipped',
    async () => {
      // Three performers' photos, two of each expression.
      const all = readPhotoLabels(sharedPath('data', 'expressions', 'labels.csv'));
      const people = [...new Set(all.map((p) => p.subject))].slice(0, 3);
      const photos = people.flatMap((person) => EMOTIONS.flatMap((e) => all.filter((p) => p.subject === person && p.expression === e).slice(0, 2)));
      // The shipped duo, its correction said to be fitted on exactly these photos (its members linked beside it).
      const shipped = modelDirFor(APP_ROOT, 'emotune-duo');
      const manifest = EnsembleManifestSchema.parse(JSON.parse(readFileSync(join(shipped, 'emotune-model.json'), 'utf8')));
      const camera = manifest.cameraOffset;
      if (!camera) throw new Error('the shipped duo has no camera-face correction');
      const models = join(temp.path, 'models');
      mkdirSync(join(models, 'duo'), { recursive: true });
      for (const member of manifest.members) symlinkSync(modelDirFor(APP_ROOT, member.model), join(models, member.model));
      writeFileSync(join(models, 'duo', 'emotune-model.json'), JSON.stringify({ ...manifest, cameraOffset: { ...camera, fingerprint: photoSetFingerprint(photos) } }));
      const modelDir = join(models, 'duo');
      const data = sharedPath('data', 'expressions');
      const [crossFitted, plain, asShipped] = await Promise.all([
        evaluatePhotos({ data, photos, modelDir, workerUrl: WORKER }),
        evaluatePhotos({ data, photos, modelDir, workerUrl: WORKER, withoutCameraOffset: true }),
        evaluatePhotos({ data, photos, modelDir: shipped, workerUrl: WORKER }),
      ]);
      expect(plain.cameraOffset).toEqual({ mode: 'none' });
      // Not the 581 photos the shipped correction was fitted on: applied as the app applies it.
      expect(asShipped.cameraOffset).toEqual({ mode: 'shipped' });
      expect(crossFitted.cameraOffset.mode).toBe('cross-fitted');
      expect(Object.keys(crossFitted.cameraOffset.fits ?? {}).sort()).toEqual([...people].sort());
      crossFitted.answers.forEach((a, i) => {
        const before = plain.answers[i]?.probabilities;
        if (!a.probabilities || !before) return expect(a.probabilities).toBe(before);
        const fit = crossFitted.cameraOffset.fits?.[a.subject as string];
        const expected = applyCameraOffset(before, { ...camera, ...fit }, a.faceSidePx ?? 0);
        a.probabilities.forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 9));
        const shippedAnswer = applyCameraOffset(before, camera, a.faceSidePx ?? 0);
        asShipped.answers[i]?.probabilities?.forEach((v, c) => expect(v).toBeCloseTo(shippedAnswer[c] as number, 5));
      });
      // Each person's fit saw only the other two: it differs from the others' and from the shipped one.
      const fits = Object.values(crossFitted.cameraOffset.fits ?? {});
      expect(fits[0]?.offset).not.toEqual(fits[1]?.offset);
      expect(fits[0]?.offset).not.toEqual(camera.offset);
      // The fingerprint names the photos and their labels, in any order.
      expect(photoSetFingerprint([...photos].reverse())).toBe(photoSetFingerprint(photos));
      expect(photoSetFingerprint(photos.map((p, k) => (k === 0 ? { ...p, expression: 'happy' as const } : p)))).not.toBe(photoSetFingerprint(photos));
      expect(photoSetFingerprint(all)).toBe(camera.fingerprint);
      // The set's raters (400 students, without a neutral answer) are set beside the model.
      expect(photos.every((p) => p.rated !== undefined)).toBe(true);
      expect(crossFitted.raters?.rated).toBe(photos.filter((p) => p.rated).length);
      expect(crossFitted.raters?.choices).not.toContain('neutral');
      expect(crossFitted.raters?.raterRecall.neutral).toBeNull();
      expect(crossFitted.raters?.raterRecall.happy).toBe(1);
    },
    600_000,
  );
  if (!hasShared('data', 'expressions')) console.warn(skipMessage('data', 'expressions'));
});

describe('readPhotoLabels', () => {
  it('reads the file, the expression, the person and, where the table has it, what raters read in the photo', () => {
    const csv = join(temp.path, 'labels.csv');
    writeFileSync(csv, 'file,expression,subject,observer_top\na.jpg,Fear,P1,sad\nb.jpg,happy,P1,happy\nc.jpg,neutral,P2,contempt\nd.jpg,contempt,P2,angry\n');
    expect(readPhotoLabels(csv)).toEqual([
      { file: 'a.jpg', expression: 'fear', subject: 'P1', rated: 'sad' },
      { file: 'b.jpg', expression: 'happy', subject: 'P1', rated: 'happy' },
      // a reading that is not one of the seven is no reading
      { file: 'c.jpg', expression: 'neutral', subject: 'P2', rated: null },
    ]);
    writeFileSync(csv, 'path,label\na.jpg,sad\n');
    expect(readPhotoLabels(csv)).toEqual([{ file: 'a.jpg', expression: 'sad', subject: null }]);
  });
});
