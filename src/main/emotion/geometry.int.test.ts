import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../camera/index.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { EmotionClassifier } from './emotion-classifier.ts';
import { GEOMETRY_FEATURES } from './face-geometry.ts';
import { EnsembleManifestSchema } from './model-manifest.ts';

const MODELS = resolve(import.meta.dirname, '../../../assets/models');
const WORKER = pathToFileURL(join(import.meta.dirname, 'emotion.worker.ts'));
const temp = useTempDir();
const feature = (name: string): number => GEOMETRY_FEATURES.indexOf(name as (typeof GEOMETRY_FEATURES)[number]);

describe('the default model\'s face-geometry head (real face mesh)', () => {
  let trio: EmotionClassifier;
  beforeAll(async () => {
    trio = new EmotionClassifier({ workerUrl: WORKER, modelDir: join(MODELS, 'emotune-trio'), memberThreads: 1 });
    await trio.ready();
  }, 120_000);
  afterAll(() => trio.close());

  it('ships a head and its mesh, and measures a camera-sized face only when asked', async () => {
    const manifest = EnsembleManifestSchema.parse(JSON.parse(readFileSync(join(MODELS, 'emotune-trio', 'emotune-model.json'), 'utf8')));
    const head = manifest.geometryHead;
    expect(head).toMatchObject({ meshModel: 'face-mesh', minFacePx: 96 });
    expect(head?.weights).toHaveLength(GEOMETRY_FEATURES.length);
    // Any grey frame: a 160 px box is measured when asked, a 60 px box (smaller than the head reads) is not.
    const image = { data: Uint8Array.from({ length: 320 * 240 }, (_, i) => (i * 37) % 251), width: 320, height: 240 };
    const asked = await trio.classify(image, [[80, 40, 160, 160], [10, 10, 60, 60]], undefined, { shape: 'now' });
    expect(asked.faces[0]?.geometry).toHaveLength(GEOMETRY_FEATURES.length);
    expect(asked.faces[1]?.geometry).toBeNull();
    expect(asked.faces[0]?.combined).toHaveLength(7);
    const plain = await trio.classify(image, [[80, 40, 160, 160]]);
    expect(plain.faces[0]?.geometry).toBeNull();
    // Measuring does not change the model's own answer.
    expect(plain.probabilities[0]).toEqual(asked.probabilities[0]);
  });

  it('measures a camera\'s frames after answering: each answer carries the shape of the same face in the frame before', async () => {
    const image = { data: Uint8Array.from({ length: 320 * 240 }, (_, i) => (i * 13) % 241), width: 320, height: 240 };
    const now = await trio.classify(image, [[80, 40, 160, 160]], undefined, { shape: 'now' });
    const first = await trio.classify(image, [[80, 40, 160, 160]], undefined, { shape: 'after' });
    // Nothing measured before the first frame; its shape comes with the next answer (a face a few pixels on).
    expect(first.faces[0]?.geometry).toBeNull();
    const second = await trio.classify(image, [[84, 42, 160, 160]], undefined, { shape: 'after' });
    second.faces[0]?.geometry?.forEach((v, f) => expect(v).toBeCloseTo(now.faces[0]?.geometry?.[f] as number, 5));
    expect(second.faces[0]?.geometry).toHaveLength(GEOMETRY_FEATURES.length);
    // Another face (elsewhere in the frame, or another size) does not get it.
    const elsewhere = await trio.classify(image, [[0, 0, 110, 110]], undefined, { shape: 'after' });
    expect(elsewhere.faces[0]?.geometry).toBeNull();
    // A frame classified without measuring (the listener reset their calibration) forgets the last shape.
    await trio.classify(image, [[80, 40, 160, 160]], undefined, { shape: 'after' });
    await trio.classify(image, [[80, 40, 160, 160]]);
    expect((await trio.classify(image, [[80, 40, 160, 160]], undefined, { shape: 'after' })).faces[0]?.geometry).toBeNull();
  });

  it.skipIf(!hasShared('data', 'faces'))('sees a smile in the shape of a real face: a wider mouth, its corners higher', async () => {
    const cv = loadOpenCV();
    const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
    const shape = async (file: string): Promise<number[]> => {
      const frame = await analyzer.analyze(await cv.imreadAsync(sharedPath('data', 'faces', file)));
      const result = await trio.classify(frame.gray, frame.faces.slice(0, 1), undefined, { shape: 'now' });
      return result.faces[0]?.geometry as number[];
    };
    for (const person of ['025', '062']) {
      const neutral = await shape(`london/${person}_03.jpg`);
      const smile = await shape(`london/${person}_08.jpg`);
      expect(smile[feature('mouth width')]).toBeGreaterThan((neutral[feature('mouth width')] as number) * 1.05);
      expect(smile[feature('lip corners below the nose tip')]).toBeLessThan(neutral[feature('lip corners below the nose tip')] as number);
    }
  });
  if (!hasShared('data', 'faces')) console.warn(skipMessage('data', 'faces'));
});

describe('a broken face mesh', () => {
  it('fails the model\'s load with model-load-failed naming the mesh', async () => {
    const root = join(temp.path, 'models');
    mkdirSync(join(root, 'trio'), { recursive: true });
    for (const member of ['emotune-vgg', 'mini-xception', 'face-api-expression']) cpSync(join(MODELS, member), join(root, member), { recursive: true });
    writeFileSync(join(root, 'trio', 'emotune-model.json'), readFileSync(join(MODELS, 'emotune-trio', 'emotune-model.json')));
    const missing = new EmotionClassifier({ workerUrl: WORKER, modelDir: join(root, 'trio'), memberThreads: 0 });
    expect(await missing.ready().catch((e: unknown) => e)).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/face mesh in .*face-mesh/) });
    await missing.close();
    mkdirSync(join(root, 'face-mesh'));
    writeFileSync(join(root, 'face-mesh', 'facemesh.json'), readFileSync(join(MODELS, 'face-mesh', 'facemesh.json')));
    writeFileSync(join(root, 'face-mesh', 'facemesh.bin'), Buffer.alloc(1000));
    const truncated = new EmotionClassifier({ workerUrl: WORKER, modelDir: join(root, 'trio'), memberThreads: 0 });
    expect(await truncated.ready().catch((e: unknown) => e)).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/face mesh/) });
    await truncated.close();
  }, 120_000);
});
