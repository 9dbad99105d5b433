import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { applyCameraOffset, AnyModelManifestSchema } from '../emotion/index.ts';
import { DEFAULT_RESTING_REFERENCE } from '../mood/index.ts';
import { restingCalibrationOf } from './create-services.ts';
import { listModels, readMeasures } from './models.ts';

const temp = useTempDir();

describe('a model folder’s measured quality (metrics.json)', () => {
  it('reads the PublicTest figures and the speed that scripts/model-card.ts wrote', () => {
    const measured = readMeasures(join(APP_ROOT, 'assets/models/emotune-vgg'));
    expect(measured).toMatchObject({ count: 3589, backend: 'wasm', parameters: 1767207 });
    expect(measured?.accuracy).toBeCloseTo(0.6765, 4);
    expect(measured?.confusion).toHaveLength(7);
    // And on the posed photos of real people (eval:models -- --write).
    expect(measured?.realFaces).toMatchObject({ photos: 581 });
    expect(measured?.realFaces?.accuracy).toBeCloseTo(0.554, 3);
  });

  it('is null for a folder without metrics.json, or with one that cannot be read, rather than failing the model list', () => {
    const folder = join(temp.path, 'model');
    mkdirSync(folder);
    expect(readMeasures(folder)).toBeNull();
    writeFileSync(join(folder, 'metrics.json'), '{"publicTest": {"accuracy": 0.6}}');
    expect(readMeasures(folder)).toBeNull();
    writeFileSync(join(folder, 'metrics.json'), 'not json');
    expect(readMeasures(folder)).toBeNull();
    writeFileSync(join(folder, 'metrics.json'), JSON.stringify({ publicTest: { accuracy: 0.6, macroF1: 0.5, count: 10, confusion: Array.from({ length: 7 }, () => new Array(7).fill(0)) } }));
    expect(readMeasures(folder)).toMatchObject({ accuracy: 0.6, msPerFace: null, realFaces: null });
    cpSync(join(APP_ROOT, 'assets/models/paper-cnn/metrics.json'), join(folder, 'metrics.json'));
    expect(readMeasures(folder)?.macroF1).toBeCloseTo(0.5765, 4);
  });
});

describe('the shipped models', () => {
  it('lists every folder with a valid manifest, an ensemble with its largest member\'s input', () => {
    const models = listModels(APP_ROOT);
    expect(models.map((m) => m.name)).toEqual(['emotune-duo', 'emotune-trio', 'emotune-vgg', 'face-api-expression', 'mini-xception', 'paper-cnn']);
    expect(models.find((m) => m.name === 'emotune-trio')).toMatchObject({ inputSize: 112, measured: { count: 3589 } });
  });
});

describe('the resting face calibration aims at', () => {
  const manifest = (name: string) => AnyModelManifestSchema.parse(JSON.parse(readFileSync(join(APP_ROOT, 'assets/models', name, 'emotune-model.json'), 'utf8')));

  it('a network\'s own resting reference, or a typical one where it has none', () => {
    expect(restingCalibrationOf(join(APP_ROOT, 'assets/models/emotune-vgg'))).toEqual({ reference: manifest('emotune-vgg').restingReference, weight: 1 });
    expect(restingCalibrationOf(join(temp.path, 'no-such-model'))).toEqual({ reference: DEFAULT_RESTING_REFERENCE, weight: 1 });
  });

  it('for a model that corrects camera faces, its reference as a camera face reads it (so calibrating keeps the correction), at its resting weight', () => {
    const duo = manifest('emotune-duo');
    if (duo.format !== 'ensemble' || !duo.cameraOffset || !duo.restingReference) throw new Error('the duo should have a camera correction and a resting reference');
    const { reference, weight } = restingCalibrationOf(join(APP_ROOT, 'assets/models/emotune-duo'));
    expect(weight).toBe(duo.cameraOffset.restingWeight);
    const expected = applyCameraOffset(duo.restingReference, duo.cameraOffset, Number.POSITIVE_INFINITY);
    reference.forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 12));
    expect(reference[6]).toBeLessThan(duo.restingReference[6] as number);
  });

  it('for the trio, the duo\'s: near the camera it reads faces as the duo does, so calibration aims at the same face', () => {
    const trio = restingCalibrationOf(join(APP_ROOT, 'assets/models/emotune-trio'));
    const duo = restingCalibrationOf(join(APP_ROOT, 'assets/models/emotune-duo'));
    expect(trio.weight).toBe(duo.weight);
    trio.reference.forEach((v, c) => expect(v).toBeCloseTo(duo.reference[c] as number, 3));
  });
});
