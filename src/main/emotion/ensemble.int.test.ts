import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, topEmotion, type Probabilities } from '../../shared/emotion.ts';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../camera/index.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { EmotionClassifier } from './emotion-classifier.ts';
import { applyCameraOffset } from './camera-offset.ts';
import { combineAnswers } from './ensemble.ts';
import { EnsembleManifestSchema, ModelManifestSchema } from './model-manifest.ts';
import { DEFAULT_FACE_FRAMING } from './preprocess.ts';

const MODELS = resolve(import.meta.dirname, '../../../assets/models');
const WORKER = pathToFileURL(join(import.meta.dirname, 'emotion.worker.ts'));
const temp = useTempDir();
const vector = (p: Probabilities): number[] => EMOTIONS.map((e) => p[e]);
const start = async (dir: string, cameraOffset = true, memberThreads = 1): Promise<EmotionClassifier> => {
  const classifier = new EmotionClassifier({ workerUrl: WORKER, modelDir: dir, cameraOffset, memberThreads });
  await classifier.ready();
  return classifier;
};

describe('an ensemble manifest', () => {
  const base = { name: 'duo', displayName: 'Duo', format: 'ensemble', labels: [...EMOTIONS] };
  it('names members as model folders, at least two, and a face-size ramp that rises', () => {
    expect(EnsembleManifestSchema.safeParse({ ...base, members: [{ model: 'a', weight: 1 }, { model: 'b', weight: 1, minFacePx: 48, fullFacePx: 96 }] }).success).toBe(true);
    expect(EnsembleManifestSchema.safeParse({ ...base, members: [{ model: 'a', weight: 1 }] }).success).toBe(false);
    expect(EnsembleManifestSchema.safeParse({ ...base, members: [{ model: '../a', weight: 1 }, { model: 'b', weight: 1 }] }).success).toBe(false);
    expect(EnsembleManifestSchema.safeParse({ ...base, members: [{ model: 'a', weight: 1 }, { model: 'b', weight: 1, minFacePx: 96, fullFacePx: 48 }] }).success).toBe(false);
  });

  it('gives a member for small faces a limit that falls, with both of its ends, above any rising ramp', () => {
    const small = (limit: object) => EnsembleManifestSchema.safeParse({ ...base, members: [{ model: 'a', weight: 1 }, { model: 'b', weight: 1, ...limit }] }).success;
    expect(small({ fadeFromFacePx: 48, maxFacePx: 96 })).toBe(true);
    expect(small({ maxFacePx: 96 })).toBe(false);
    expect(small({ fadeFromFacePx: 96, maxFacePx: 48 })).toBe(false);
    expect(small({ minFacePx: 48, fullFacePx: 96, fadeFromFacePx: 40, maxFacePx: 90 })).toBe(false);
  });
});

describe('the shipped trio (emotune-vgg + mini-xception on small faces + face-api-expression on large ones)', () => {
  let trio: EmotionClassifier;
  let serial: EmotionClassifier;
  let ownThreads: EmotionClassifier;
  let duo: EmotionClassifier;
  let vgg: EmotionClassifier;
  let miniXception: EmotionClassifier;
  beforeAll(async () => {
    [trio, serial, ownThreads, duo, vgg, miniXception] = await Promise.all([
      start(join(MODELS, 'emotune-trio')),
      start(join(MODELS, 'emotune-trio'), true, 0),
      start(join(MODELS, 'emotune-trio'), true, 2),
      start(join(MODELS, 'emotune-duo')),
      start(join(MODELS, 'emotune-vgg')),
      start(join(MODELS, 'mini-xception')),
    ]);
  });
  afterAll(() => Promise.all([trio, serial, ownThreads, duo, vgg, miniXception].map((c) => c.close())));

  it('says how many threads its networks share', () => {
    expect(trio.status).toMatchObject({ state: 'ready', model: 'emotune-trio', inputSize: 112 });
    expect(trio.status.message).toContain('its 3 networks run side by side in 2 threads');
    expect(ownThreads.status.message).toContain('its 3 networks run side by side, each in a thread of its own');
    expect(serial.status.message ?? '').not.toContain('side by side');
  });

  it('answers the same with two members sharing a thread, each in its own, or all one after the other', async () => {
    const size = 320;
    const image = { data: Uint8Array.from({ length: size * size }, (_, i) => ((i % size) * 7 + Math.floor(i / size) * 2) % 256), width: size, height: size };
    // A small face (mini-xception alone beside emotune-vgg), one between (all three), a large one (face-api's).
    const boxes: [number, number, number, number][] = [[20, 20, 36, 36], [100, 40, 72, 72], [120, 120, 160, 160]];
    for (let frame = 0; frame < 2; frame += 1) {
      const shifted = boxes.map(([x, y, w, h]) => [x, y + frame, w, h] as [number, number, number, number]);
      const [a, b, c] = await Promise.all([trio, serial, ownThreads].map((m) => m.classify(image, shifted)));
      [b, c].forEach((other) =>
        a?.probabilities.forEach((p, i) => vector(p).forEach((v, k) => expect(v).toBeCloseTo(vector(other?.probabilities[i] as Probabilities)[k] as number, 6))),
      );
    }
  });

  it('is emotune-vgg and mini-xception, equally weighted, on FER-2013\'s 48x48 faces', async () => {
    const size = 48;
    const face = { data: Uint8Array.from({ length: size * size }, (_, i) => (i * 29) % 256), width: size, height: size };
    // The image is emotune-vgg's framing of the face; mini-xception frames a face wider (its manifest), so it
    // reads the image widened by the ratio of the two framings.
    const own = ModelManifestSchema.parse(JSON.parse(readFileSync(join(MODELS, 'mini-xception', 'emotune-model.json'), 'utf8'))).framing ?? DEFAULT_FACE_FRAMING;
    const framings = [{ scale: 1, shiftY: 0 }, { scale: 1, shiftY: 0 }, { scale: own.scale / DEFAULT_FACE_FRAMING.scale, shiftY: own.shiftY }];
    const [t, v, m] = await Promise.all([trio, vgg, miniXception].map(async (c, k) => vector((await c.classifyImages([face], framings[k])).probabilities[0] as Probabilities)));
    const combined = combineAnswers([v as number[], m as number[]], [1, 1]);
    (t as number[]).forEach((x, i) => expect(x).toBeCloseTo(combined[i] as number, 5));
  });

  it('is the duo on a face near the camera', async () => {
    const size = 400;
    const image = { data: Uint8Array.from({ length: size * size }, (_, i) => ((i % size) * 3 + Math.floor(i / size)) % 256), width: size, height: size };
    const box: [number, number, number, number] = [90, 110, 170, 170];
    const [t, d] = await Promise.all([trio, duo].map(async (c) => vector((await c.classify(image, [box])).probabilities[0] as Probabilities)));
    (t as number[]).forEach((x, i) => expect(x).toBeCloseTo((d as number[])[i] as number, 6));
  });
});

describe('the shipped duo (emotune-vgg + face-api-expression)', () => {
  let duo: EmotionClassifier;
  let vgg: EmotionClassifier;
  let faceApi: EmotionClassifier;
  let uncorrected: EmotionClassifier;
  let serial: EmotionClassifier;
  const camera = EnsembleManifestSchema.parse(JSON.parse(readFileSync(join(MODELS, 'emotune-duo', 'emotune-model.json'), 'utf8'))).cameraOffset;
  beforeAll(async () => {
    [duo, vgg, faceApi, uncorrected, serial] = await Promise.all([
      start(join(MODELS, 'emotune-duo')),
      start(join(MODELS, 'emotune-vgg')),
      start(join(MODELS, 'face-api-expression')),
      start(join(MODELS, 'emotune-duo'), false),
      start(join(MODELS, 'emotune-duo'), true, 0),
    ]);
  });
  afterAll(() => Promise.all([duo.close(), vgg.close(), faceApi.close(), uncorrected.close(), serial.close()]));

  it('reports itself, with its largest input, and whether its networks run side by side', () => {
    expect(duo.status).toMatchObject({ state: 'ready', model: 'emotune-duo', inputSize: 112 });
    expect(duo.status.message).toContain('its 2 networks run side by side, each in a thread of its own');
    expect(serial.status.message ?? '').not.toContain('side by side');
    expect(vgg.status.message ?? '').not.toContain('side by side');
  });

  it('answers the same with its members in threads of their own as one after the other, frame after frame', async () => {
    const size = 320;
    const image = { data: Uint8Array.from({ length: size * size }, (_, i) => ((i % size) * 5 + Math.floor(i / size)) % 256), width: size, height: size };
    const boxes: [number, number, number, number][] = [[40, 40, 120, 120], [180, 60, 30, 30], [150, 150, 150, 150]];
    for (let frame = 0; frame < 3; frame += 1) {
      const shifted = boxes.map(([x, y, w, h]) => [x + frame, y, w, h] as [number, number, number, number]);
      const [a, b] = await Promise.all([duo.classify(image, shifted), serial.classify(image, shifted)]);
      expect(a.probabilities).toHaveLength(3);
      a.probabilities.forEach((p, i) => vector(p).forEach((v, c) => expect(v).toBeCloseTo(vector(b.probabilities[i] as Probabilities)[c] as number, 6)));
    }
  });

  it('is emotune-vgg alone on small faces such as FER-2013\'s 48x48 ones', async () => {
    const size = 48;
    const face = { data: Uint8Array.from({ length: size * size }, (_, i) => (i * 13) % 256), width: size, height: size };
    const a = (await duo.classifyImages([face], { scale: 1, shiftY: 0 })).probabilities[0] as Probabilities;
    const b = (await vgg.classifyImages([face], { scale: 1, shiftY: 0 })).probabilities[0] as Probabilities;
    vector(a).forEach((v, i) => expect(v).toBeCloseTo(vector(b)[i] as number, 6));
  });

  it('combines both members, each framing the face its own way, on a large face, then corrects it as a camera face', async () => {
    const size = 400;
    const image = { data: Uint8Array.from({ length: size * size }, (_, i) => ((i % size) + Math.floor(i / size) * 3) % 256), width: size, height: size };
    const box: [number, number, number, number] = [100, 100, 160, 160]; // 160 px: face-api-expression and the correction at full weight
    const [d, v, f, u] = await Promise.all([duo, vgg, faceApi, uncorrected].map(async (c) => vector((await c.classify(image, [box])).probabilities[0] as Probabilities)));
    const combined = combineAnswers([v as number[], f as number[]], [1, 1]);
    (u as number[]).forEach((x, i) => expect(x).toBeCloseTo(combined[i] as number, 5));
    if (!camera) throw new Error('the shipped duo has no camera-face correction');
    const expected = applyCameraOffset(combined, camera, 160);
    (d as number[]).forEach((x, i) => expect(x).toBeCloseTo(expected[i] as number, 5));
    // The correction raises fear and surprise and lowers neutral, as fitted (fit:camera-offset).
    expect((d as number[])[2]).toBeGreaterThan(combined[2] as number);
    expect((d as number[])[6]).toBeLessThan(combined[6] as number);
  });

  it.skipIf(!hasShared('data', 'faces'))('reads a neutral and a smiling London portrait correctly', async () => {
    const cv = loadOpenCV();
    const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
    const read = async (file: string): Promise<string> => {
      const frame = await analyzer.analyze(await cv.imreadAsync(sharedPath('data', 'faces', file)));
      return topEmotion((await duo.classify(frame.gray, frame.faces.slice(0, 1))).probabilities[0] as never).emotion;
    };
    expect(await read('london/025_03.jpg')).toBe('neutral');
    expect(await read('london/025_08.jpg')).toBe('happy');
  });
  if (!hasShared('data', 'faces')) console.warn(skipMessage('data', 'faces'));
});

describe('a broken ensemble', () => {
  it('fails with model-load-failed naming the ensemble when a member is missing or is itself an ensemble', async () => {
    const root = join(temp.path, 'models');
    mkdirSync(join(root, 'duo'), { recursive: true });
    cpSync(join(MODELS, 'mini-xception'), join(root, 'mini-xception'), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(MODELS, 'emotune-duo', 'emotune-model.json'), 'utf8'));
    writeFileSync(join(root, 'duo', 'emotune-model.json'), JSON.stringify({ ...manifest, members: [{ model: 'mini-xception', weight: 1 }, { model: 'gone', weight: 1 }] }));
    const classifier = new EmotionClassifier({ workerUrl: WORKER, modelDir: join(root, 'duo') });
    expect(await classifier.ready().catch((e: unknown) => e)).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/ensemble .*duo.*gone/s) });
    await classifier.close();
    writeFileSync(join(root, 'duo', 'emotune-model.json'), JSON.stringify({ ...manifest, members: [{ model: 'mini-xception', weight: 1 }, { model: 'duo', weight: 1 }] }));
    const looped = new EmotionClassifier({ workerUrl: WORKER, modelDir: join(root, 'duo') });
    expect(await looped.ready().catch((e: unknown) => e)).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/cannot hold itself/) });
    await looped.close();
  });
});
