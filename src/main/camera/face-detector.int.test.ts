import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, parseFaceLabels, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { FaceDetector } from './face-detector.ts';
import { FrameAnalyzer, toSourceBox } from './frame-analyzer.ts';
import { loadOpenCV } from './opencv.ts';

const present = hasShared('data', 'faces', 'labels.csv');
if (!present) console.warn(skipMessage('data', 'faces'));

describe.skipIf(!present)('Haar face detection on the real photos of ../shared/data/faces', () => {
  const labels = present ? parseFaceLabels(readFileSync(sharedPath('data', 'faces', 'labels.csv'), 'utf8')) : [];
  const cv = loadOpenCV();
  const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
  const count = async (file: string): Promise<number> =>
    (await analyzer.analyze(await cv.imreadAsync(sharedPath('data', 'faces', file)))).faces.length;

  it('finds exactly one face in each of the 48 single-face London portraits', async () => {
    const london = labels.filter((l) => l.file.startsWith('london/'));
    expect(london).toHaveLength(48);
    const wrong: string[] = [];
    for (const label of london) {
      const n = await count(label.file);
      if (n !== 1) wrong.push(`${label.file}: ${n}`);
    }
    expect(wrong).toEqual([]);
  });

  it('finds no face in the cat and the coffee cup', async () => {
    for (const label of labels.filter((l) => l.expectedFaces === 0)) expect(await count(label.file)).toBe(0);
  });

  it('does at least as well as the dataset\'s OpenCV baseline on every photo', async () => {
    // labels.csv records haarcascade_frontalface_default's count per photo; score = photos counted exactly.
    let ours = 0;
    let baseline = 0;
    for (const label of labels) {
      if ((await count(label.file)) === label.expectedFaces) ours += 1;
      if (label.haarDefaultDetections === label.expectedFaces) baseline += 1;
    }
    expect(ours).toBeGreaterThanOrEqual(baseline);
  });

  it('reports boxes in the source image\'s pixels, largest first', async () => {
    const image = await cv.imreadAsync(sharedPath('data', 'faces', 'london/025_03.jpg'));
    const analyzed = await analyzer.analyze(image);
    expect(analyzed.scale).toBeCloseTo(640 / 1350, 5);
    const [x, y, w, h] = toSourceBox(analyzed.faces[0] ?? [0, 0, 0, 0], analyzed.scale);
    // A frontal studio portrait: the face sits in the middle third, a few hundred pixels wide.
    expect(x + w / 2).toBeGreaterThan(450);
    expect(x + w / 2).toBeLessThan(900);
    expect(y).toBeGreaterThan(200);
    expect(w).toBeGreaterThan(300);
    expect(h).toBe(w);
    const group = await analyzer.analyze(await cv.imreadAsync(sharedPath('data', 'faces', 'pexels/group.jpeg')));
    const areas = group.faces.map(([, , fw, fh]) => fw * fh);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
  });
});
