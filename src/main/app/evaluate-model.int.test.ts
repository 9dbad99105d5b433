import { createReadStream, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { loadOpenCV } from '../camera/index.ts';
import { renderEvalReport } from '../emotion/index.ts';
import { APP_ROOT } from '../testing/services.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { evaluateModel } from './evaluate-model.ts';

const temp = useTempDir();
const MODEL = join(APP_ROOT, 'assets/models/mini-xception');
const WORKER = pathToFileURL(join(APP_ROOT, 'src/main/emotion/emotion.worker.ts'));

function syntheticCsv(path: string, rows: number): void {
  const lines = ['emotion,pixels,Usage'];
  for (let i = 0; i < rows; i += 1) {
    const pixels = Array.from({ length: 48 * 48 }, (_, j) => (i * 31 + j * 7) % 256).join(' ');
    lines.push(`${i % 7},${pixels},${i % 3 === 0 ? 'Training' : 'PublicTest'}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('evaluateModel', () => {
  it('scores the rows of one usage from a plain or gzipped FER-2013 CSV', async () => {
    const csv = join(temp.path, 'fer.csv');
    syntheticCsv(csv, 21);
    await pipeline(createReadStream(csv), createGzip(), createWriteStream(`${csv}.gz`));
    for (const data of [csv, `${csv}.gz`]) {
      const result = await evaluateModel({ data, usage: 'PublicTest', modelDir: MODEL, workerUrl: WORKER, batchSize: 4 });
      expect(result.count).toBe(14);
      expect(result.usage).toBe('PublicTest');
      expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(14);
      expect(Object.keys(result.perClass)).toEqual([...EMOTIONS]);
      expect(result.backend).toMatch(/wasm|tensorflow|cpu/);
      expect(result.imagesPerSecond).toBeGreaterThan(0);
      expect(renderEvalReport(result)).toContain('Confusion matrix');
    }
  });

  it('reads a folder of class subfolders (names or FER indices)', async () => {
    const cv = loadOpenCV();
    const root = join(temp.path, 'faces');
    for (const folder of ['happy', '6', 'not-a-class']) {
      mkdirSync(join(root, folder), { recursive: true });
      for (let i = 0; i < 3; i += 1) {
        cv.imwrite(join(root, folder, `${i}.png`), new cv.Mat(48, 48, cv.CV_8UC1, 40 * i + 50));
      }
    }
    const result = await evaluateModel({ data: root, usage: 'PublicTest', modelDir: MODEL, workerUrl: WORKER });
    expect(result.count).toBe(6);
    expect(result.perClass.happy.support).toBe(3);
    expect(result.perClass.neutral.support).toBe(3);
    expect(result.usage).toBeNull();
  });

  it('names the line of a malformed row, and a missing dataset', async () => {
    const csv = join(temp.path, 'bad.csv');
    writeFileSync(csv, 'emotion,pixels,Usage\n3,1 2 3,PublicTest\n');
    await expect(evaluateModel({ data: csv, usage: 'PublicTest', modelDir: MODEL, workerUrl: WORKER })).rejects.toThrow(/bad\.csv:2/);
    await expect(
      evaluateModel({ data: join(temp.path, 'none.csv'), usage: 'PublicTest', modelDir: MODEL, workerUrl: WORKER }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it.skipIf(!hasShared('data', 'fer2013'))('reads real FER-2013 faces far better than chance (first 400 PublicTest rows)', async () => {
    const result = await evaluateModel({
      data: sharedPath('data', 'fer2013', 'fer2013-train-publictest.csv.gz'),
      usage: 'PublicTest',
      modelDir: MODEL,
      workerUrl: WORKER,
      limit: 400,
    });
    expect(result.count).toBe(400);
    expect(result.accuracy).toBeGreaterThan(0.55);
  });
});
if (!hasShared('data', 'fer2013')) console.warn(skipMessage('data', 'fer2013'));
