import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { APP_ROOT } from '../testing/services.ts';
import { hasShared, parseFaceLabels, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { evaluatePhotos } from './evaluate-photos.ts';
import { modelDirFor } from './paths.ts';

const WORKER = pathToFileURL(join(APP_ROOT, 'src/main/emotion/emotion.worker.ts'));

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
});
