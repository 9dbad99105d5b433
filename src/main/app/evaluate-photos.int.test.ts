import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { APP_ROOT } from '../testing/services.ts';
import { hasShared, parseFaceLabels, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { applyCameraOffset, EnsembleManifestSchema } from '../emotion/index.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { evaluatePhotos, readPhotoLabels } from './evaluate-photos.ts';
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
    'scores the photos a camera correction was fitted on cross-fitted: each person with a fit on the others only',
    async () => {
      // Three performers' photos, two of each expression, in a folder named as the set the correction names.
      const all = readPhotoLabels(sharedPath('data', 'expressions', 'labels.csv'));
      const people = [...new Set(all.map((p) => p.subject))].slice(0, 3);
      const photos = people.flatMap((person) => EMOTIONS.flatMap((e) => all.filter((p) => p.subject === person && p.expression === e).slice(0, 2)));
      const modelDir = modelDirFor(APP_ROOT, 'emotune-duo');
      const camera = EnsembleManifestSchema.parse(JSON.parse(readFileSync(join(modelDir, 'emotune-model.json'), 'utf8'))).cameraOffset;
      if (!camera) throw new Error('the shipped duo has no camera-face correction');
      const data = join(temp.path, camera.fittedOn);
      for (const p of photos) {
        mkdirSync(join(data, p.file, '..'), { recursive: true });
        symlinkSync(sharedPath('data', 'expressions', p.file), join(data, p.file));
      }
      const [crossFitted, plain] = await Promise.all([
        evaluatePhotos({ data, photos, modelDir, workerUrl: WORKER }),
        evaluatePhotos({ data, photos, modelDir, workerUrl: WORKER, withoutCameraOffset: true }),
      ]);
      expect(plain.cameraOffset).toEqual({ mode: 'none' });
      expect(crossFitted.cameraOffset.mode).toBe('cross-fitted');
      expect(Object.keys(crossFitted.cameraOffset.fits ?? {}).sort()).toEqual([...people].sort());
      crossFitted.answers.forEach((a, i) => {
        const before = plain.answers[i]?.probabilities;
        if (!a.probabilities || !before) return expect(a.probabilities).toBe(before);
        const fit = crossFitted.cameraOffset.fits?.[a.subject as string];
        const expected = applyCameraOffset(before, { ...camera, ...fit }, a.faceSidePx ?? 0);
        a.probabilities.forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 9));
      });
      // Each person's fit saw only the other two: it differs from the others' and from the shipped one.
      const fits = Object.values(crossFitted.cameraOffset.fits ?? {});
      expect(fits[0]?.offset).not.toEqual(fits[1]?.offset);
      expect(fits[0]?.offset).not.toEqual(camera.offset);
    },
    600_000,
  );
  if (!hasShared('data', 'expressions')) console.warn(skipMessage('data', 'expressions'));
});
