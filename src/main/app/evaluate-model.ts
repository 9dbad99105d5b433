import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { EMOTIONS, topEmotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import { loadOpenCV } from '../camera/index.ts';
import {
  classificationMetrics,
  EmotionClassifier,
  readFerCsv,
  type EvalResult,
  type FerUsage,
  type GrayImage,
} from '../emotion/index.ts';

export interface EvaluateOptions {
  data: string;
  usage: FerUsage;
  modelDir: string;
  workerUrl: URL;
  limit?: number;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

const IMAGE_ENDINGS = /\.(png|jpe?g|bmp|pgm|webp|tiff?)$/i;

/**
 * `emotune eval`: runs a labelled face dataset through the app's own inference path (the emotion worker, the
 * live preprocessing with each image as its face box) and scores it. Data: a FER-2013 CSV (plain or .gz,
 * one usage) or a folder with one subfolder per class, named by emotion or by FER index 0-6.
 */
export async function evaluateModel(options: EvaluateOptions): Promise<EvalResult> {
  const data = resolve(options.data);
  let info;
  try {
    info = statSync(data);
  } catch {
    throw new EmotuneError('not-found', `no such dataset: ${data}`);
  }
  const classifier = new EmotionClassifier({ workerUrl: options.workerUrl, modelDir: options.modelDir });
  try {
    const status = await classifier.ready();
    const truth: number[] = [];
    const predicted: number[] = [];
    const limit = options.limit ?? Infinity;
    const batchSize = options.batchSize ?? 256;
    let batch: { image: GrayImage; label: number }[] = [];
    let inferSeconds = 0;
    const started = performance.now();
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const t0 = performance.now();
      const result = await classifier.classifyImages(
        batch.map((b) => b.image),
        { scale: 1, shiftY: 0 },
      );
      inferSeconds += (performance.now() - t0) / 1000;
      result.probabilities.forEach((p, i) => {
        truth.push(batch[i]?.label as number);
        predicted.push(EMOTIONS.indexOf(topEmotion(p).emotion));
      });
      batch = [];
      options.onProgress?.(truth.length);
    };
    for await (const item of info.isDirectory() ? readClassFolders(data) : readCsvImages(data, options.usage)) {
      if (truth.length + batch.length >= limit) break;
      batch.push(item);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    if (truth.length === 0) throw new EmotuneError('invalid-input', `no labelled images found in ${data}`);
    const seconds = (performance.now() - started) / 1000;
    return {
      model: status.model ?? basename(options.modelDir),
      displayName: status.displayName ?? status.model ?? basename(options.modelDir),
      backend: status.backend ?? 'unknown',
      data,
      usage: info.isDirectory() ? null : options.usage,
      labels: EMOTIONS,
      ...classificationMetrics(truth, predicted),
      imagesPerSecond: truth.length / inferSeconds,
      seconds,
    };
  } finally {
    await classifier.close();
  }
}

async function* readCsvImages(path: string, usage: FerUsage): AsyncGenerator<{ image: GrayImage; label: number }> {
  for await (const row of readFerCsv(path, usage)) {
    yield { image: { data: row.pixels, width: 48, height: 48 }, label: row.label };
  }
}

async function* readClassFolders(root: string): AsyncGenerator<{ image: GrayImage; label: number }> {
  const cv = loadOpenCV();
  const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
  const labelled = folders
    .map((d) => ({ dir: join(root, d.name), label: /^\d$/.test(d.name) ? Number(d.name) : EMOTIONS.indexOf(d.name.toLowerCase() as never) }))
    .filter((f) => f.label >= 0 && f.label < EMOTIONS.length);
  if (labelled.length === 0) {
    throw new EmotuneError('invalid-input', `${root} has no class folders (angry … neutral, or 0 … 6)`);
  }
  for (const { dir, label } of labelled) {
    for (const file of readdirSync(dir).filter((f) => IMAGE_ENDINGS.test(f)).sort()) {
      const mat = await cv.imreadAsync(join(dir, file), cv.IMREAD_GRAYSCALE);
      if (mat.empty) continue;
      yield { image: { data: new Uint8Array(mat.getData()), width: mat.cols, height: mat.rows }, label };
    }
  }
}
