import { createHash } from 'node:crypto';
import { cpSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topEmotion } from '../../shared/emotion.ts';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../camera/index.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { applyTemperature } from './calibration.ts';
import { EmotionClassifier } from './emotion-classifier.ts';

const MODEL_DIR = resolve(import.meta.dirname, '../../../assets/models/mini-xception');
const WORKER = pathToFileURL(join(import.meta.dirname, 'emotion.worker.ts'));
const temp = useTempDir();

describe('the shipped baseline model', () => {
  it('is byte-identical to the files published in @vladmandic/human 3.3.6 (see its MODEL_CARD.md)', () => {
    const sha = (file: string): string => createHash('sha256').update(readFileSync(join(MODEL_DIR, file))).digest('hex');
    expect(sha('emotion.json')).toBe('56f7e557eb0c863a8b9ab04ac7ccba756e93bf2c27dce135ef0e8712b80b7ad2');
    expect(sha('emotion.bin')).toBe('927ac8224f356ab1e68c2bcfbfa07b0c8567047d1bcf817388ba6e38214c4987');
  });
});

describe('EmotionClassifier (worker thread, real weights)', () => {
  let classifier: EmotionClassifier;
  beforeAll(async () => {
    classifier = new EmotionClassifier({ workerUrl: WORKER, modelDir: MODEL_DIR });
    await classifier.ready();
  });
  afterAll(() => classifier.close());

  it('reports its backend (wasm where tfjs-node is absent) and model', () => {
    expect(classifier.status).toMatchObject({ state: 'ready', model: 'mini-xception', inputSize: 64 });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(classifier.status.backend);
  });

  it('returns a probability vector per face, summing to 1', async () => {
    const gray = { data: new Uint8Array(100 * 100).fill(128), width: 100, height: 100 };
    const result = await classifier.classify(gray, [
      [10, 10, 60, 60],
      [20, 20, 50, 50],
    ]);
    expect(result.probabilities).toHaveLength(2);
    for (const p of result.probabilities) {
      expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    expect((await classifier.classify(gray, [])).probabilities).toEqual([]);
  });

  it.skipIf(!hasShared('data', 'faces'))('reads a neutral and a smiling London portrait correctly', async () => {
    const cv = loadOpenCV();
    const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
    const read = async (file: string): Promise<string> => {
      const frame = await analyzer.analyze(await cv.imreadAsync(sharedPath('data', 'faces', file)));
      const result = await classifier.classify(frame.gray, frame.faces.slice(0, 1));
      return topEmotion(result.probabilities[0] as never).emotion;
    };
    expect(await read('london/025_03.jpg')).toBe('neutral');
    expect(await read('london/025_08.jpg')).toBe('happy');
    expect(await read('london/030_08.jpg')).toBe('happy');
  });
  if (!hasShared('data', 'faces')) console.warn(skipMessage('data', 'faces'));
});

describe('flip test-time augmentation (manifest flipTta)', () => {
  it('averages each face with its mirror image, so a face and its mirror read the same', async () => {
    const dir = join(temp.path, 'tta');
    cpSync(MODEL_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'emotune-model.json'), 'utf8'));
    // Both without temperature scaling, so the averages compare the model's own outputs.
    writeFileSync(join(dir, 'emotune-model.json'), JSON.stringify({ ...manifest, flipTta: true, temperature: 1 }));
    const plainDir = join(temp.path, 'plain');
    cpSync(MODEL_DIR, plainDir, { recursive: true });
    writeFileSync(join(plainDir, 'emotune-model.json'), JSON.stringify({ ...manifest, temperature: 1 }));
    const tta = new EmotionClassifier({ workerUrl: WORKER, modelDir: dir });
    const plain = new EmotionClassifier({ workerUrl: WORKER, modelDir: plainDir });
    await Promise.all([tta.ready(), plain.ready()]);
    const size = 64;
    const data = Uint8Array.from({ length: size * size }, (_, i) => ((i % size) * 4 + Math.floor(i / size)) % 256);
    const mirrored = Uint8Array.from({ length: size * size }, (_, i) => data[Math.floor(i / size) * size + (size - 1 - (i % size))] as number);
    const box: [number, number, number, number] = [0, 0, size, size];
    const framing = { scale: 1, shiftY: 0 };
    const a = (await tta.classify({ data, width: size, height: size }, [box], framing)).probabilities[0];
    const b = (await tta.classify({ data: mirrored, width: size, height: size }, [box], framing)).probabilities[0];
    for (const key of Object.keys(a ?? {}) as (keyof NonNullable<typeof a>)[]) expect(a?.[key]).toBeCloseTo(b?.[key] ?? NaN, 5);
    const p = (await plain.classify({ data, width: size, height: size }, [box], framing)).probabilities[0];
    const q = (await plain.classify({ data: mirrored, width: size, height: size }, [box], framing)).probabilities[0];
    for (const key of Object.keys(a ?? {}) as (keyof NonNullable<typeof a>)[]) {
      expect(a?.[key]).toBeCloseTo(((p?.[key] ?? 0) + (q?.[key] ?? 0)) / 2, 5);
    }
    await Promise.all([tta.close(), plain.close()]);
  });
});

describe('a broken model folder', () => {
  const failure = async (dir: string): Promise<{ error: unknown; status: EmotionClassifier['status'] }> => {
    const classifier = new EmotionClassifier({ workerUrl: WORKER, modelDir: dir });
    const error = await classifier.ready().catch((e: unknown) => e);
    const status = classifier.status;
    await classifier.close();
    return { error, status };
  };

  it('fails with model-load-failed when the weights are truncated', async () => {
    const dir = join(temp.path, 'model');
    cpSync(MODEL_DIR, dir, { recursive: true });
    truncateSync(join(dir, 'emotion.bin'), 1000);
    const { error, status } = await failure(dir);
    expect(error).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/weights are 1000 bytes/) });
    expect(status.state).toBe('failed');
  });

  it('fails clearly when the manifest is missing or lists the wrong labels', async () => {
    expect((await failure(join(temp.path, 'empty'))).error).toMatchObject({
      code: 'model-load-failed',
      message: expect.stringMatching(/emotune-model\.json is missing or invalid/),
    });
    const dir = join(temp.path, 'swapped');
    cpSync(MODEL_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'emotune-model.json'), 'utf8'));
    manifest.labels = ['happy', 'angry', 'disgust', 'fear', 'sad', 'surprise', 'neutral'];
    writeFileSync(join(dir, 'emotune-model.json'), JSON.stringify(manifest));
    expect((await failure(dir)).error).toMatchObject({ message: expect.stringMatching(/labels must be angry, disgust/) });
  });

  it('keeps a model to its own folder: a manifest or weights path that leaves it is refused', async () => {
    // Issue 14, item 11: modelFile could name any JSON file on the disk.
    const outside = join(temp.path, 'outside');
    cpSync(MODEL_DIR, outside, { recursive: true });
    const dir = join(temp.path, 'escaping');
    cpSync(MODEL_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'emotune-model.json'), 'utf8'));
    writeFileSync(join(dir, 'emotune-model.json'), JSON.stringify({ ...manifest, modelFile: '../outside/emotion.json' }));
    expect((await failure(dir)).error).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/modelFile must be a file name/) });
    writeFileSync(join(dir, 'emotune-model.json'), JSON.stringify(manifest));
    const json = JSON.parse(readFileSync(join(dir, manifest.modelFile), 'utf8'));
    json.weightsManifest[0].paths = ['../outside/emotion.bin'];
    writeFileSync(join(dir, manifest.modelFile), JSON.stringify(json));
    expect((await failure(dir)).error).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(/leaves the model folder/) });
  });

  it('fails clearly when model.json is not JSON', async () => {
    const dir = join(temp.path, 'garbled');
    cpSync(MODEL_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'emotion.json'), '{ "format": "graph-model", ');
    expect((await failure(dir)).error).toMatchObject({ code: 'model-load-failed' });
  });
});

describe('temperature scaling (manifest temperature)', () => {
  it('turns the model\'s probabilities p into p^(1/T), renormalised, for every answer', async () => {
    const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'emotune-model.json'), 'utf8'));
    const classifierAt = (temperature: number): EmotionClassifier => {
      const dir = join(temp.path, `t${temperature}`);
      cpSync(MODEL_DIR, dir, { recursive: true });
      writeFileSync(join(dir, 'emotune-model.json'), JSON.stringify({ ...manifest, temperature }));
      return new EmotionClassifier({ workerUrl: WORKER, modelDir: dir });
    };
    const [raw, soft] = [classifierAt(1), classifierAt(2)];
    await Promise.all([raw.ready(), soft.ready()]);
    const size = 64;
    const face = { data: Uint8Array.from({ length: size * size }, (_, i) => (i * 7) % 256), width: size, height: size };
    const framing = { scale: 1, shiftY: 0 };
    const p = (await raw.classify(face, [[0, 0, size, size]], framing)).probabilities[0] as Record<string, number>;
    const q = (await soft.classify(face, [[0, 0, size, size]], framing)).probabilities[0] as Record<string, number>;
    const keys = Object.keys(p);
    const expected = applyTemperature(keys.map((k) => p[k] as number), 2);
    keys.forEach((k, i) => expect(q[k]).toBeCloseTo(expected[i] as number, 5));
    // Softer, and the same answer.
    expect(Math.max(...Object.values(q))).toBeLessThan(Math.max(...Object.values(p)));
    expect(keys.indexOf(keys.reduce((a, b) => ((q[a] as number) >= (q[b] as number) ? a : b)))).toBe(keys.indexOf(keys.reduce((a, b) => ((p[a] as number) >= (p[b] as number) ? a : b))));
    await Promise.all([raw.close(), soft.close()]);
  });
});
