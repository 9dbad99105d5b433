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

  it('tracks a face between frames where a whole-frame scan finds it, at a fraction of the cost', async () => {
    const tracker = new FrameAnalyzer({ cv, detector: new FaceDetector(cv), trackEvery: 8 });
    const photo = await cv.imreadAsync(sharedPath('data', 'faces', 'london/025_03.jpg'));
    const full = (await analyzer.analyze(photo)).faces[0] as [number, number, number, number];
    const frames = [];
    for (let i = 0; i < 10; i += 1) frames.push(await tracker.analyze(photo));
    expect(frames.map((f) => f.tracked)).toEqual([false, true, true, true, true, true, true, true, true, false]);
    for (const frame of frames) {
      const [x, y, w] = frame.faces[0] as [number, number, number, number];
      // The same face: within a tenth of its width of the whole-frame box.
      expect(Math.abs(x - full[0])).toBeLessThan(full[2] / 10);
      expect(Math.abs(y - full[1])).toBeLessThan(full[2] / 10);
      expect(Math.abs(w - full[2])).toBeLessThan(full[2] / 10);
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
    expect(median(frames.filter((f) => f.tracked).map((f) => f.detectMs))).toBeLessThan(median(frames.filter((f) => !f.tracked).map((f) => f.detectMs)));
  });

  it('finds a face that fills the frame, its edges cutting it, by a second look inside a border', async () => {
    // A London portrait cropped to 0.8 of its face box: chin, brow and cheeks touch the frame's edges, as for
    // a listener leaning in to the webcam. The cascade's windows need background around a face, so the first
    // search finds nothing; the edge retry finds it, its box reaching past the frame.
    const plain = new FrameAnalyzer({ cv, detector: new FaceDetector(cv, { edgeRetry: null }) });
    for (const file of ['london/025_03.jpg', 'london/062_03.jpg']) {
      const photo = await cv.imreadAsync(sharedPath('data', 'faces', file));
      const first = await plain.analyze(photo);
      const [x, y, w] = toSourceBox(first.faces[0] ?? [0, 0, 0, 0], first.scale);
      const side = Math.round(w * 0.8);
      const crop = photo.getRegion(new cv.Rect(Math.round(x + w / 2 - side / 2), Math.round(y + w / 2 - side / 2), side, side)).copy();
      expect((await plain.analyze(crop)).faces).toHaveLength(0);
      const found = await analyzer.analyze(crop);
      expect(found.faces).toHaveLength(1);
      const [fx, fy, fw] = toSourceBox(found.faces[0] as [number, number, number, number], found.scale);
      // The face: centred in the crop, about as wide as the uncropped photo's face box, so reaching past the frame.
      expect(Math.abs(fx + fw / 2 - side / 2)).toBeLessThan(side / 10);
      expect(Math.abs(fy + fw / 2 - side / 2)).toBeLessThan(side / 8);
      expect(fw).toBeGreaterThan(side);
      expect(fx).toBeLessThan(0);
    }
  });

  it('looks a second time only where the first search found nothing, and finds no face in a frame without one', async () => {
    // With a face in view the retry never runs: its boxes and the plain detector's are the same.
    const plain = new FrameAnalyzer({ cv, detector: new FaceDetector(cv, { edgeRetry: null }) });
    const portrait = await cv.imreadAsync(sharedPath('data', 'faces', 'london/025_03.jpg'));
    expect((await analyzer.analyze(portrait)).faces).toEqual((await plain.analyze(portrait)).faces);
    // A frame of one grey level, and the cat and the coffee cup (the test above), stay without a face.
    const blank = new cv.Mat(480, 640, cv.CV_8UC3, [128, 128, 128]);
    expect((await analyzer.analyze(blank)).faces).toEqual([]);
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
