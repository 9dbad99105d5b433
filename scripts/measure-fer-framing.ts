// npm run measure:framing — how FER-2013 frames a face, measured with the same Haar detector the app uses.
//
// Emotune crops live faces around a Haar box; the models were trained on FER-2013's crops. To match them, the
// detector is run on FER-2013 images themselves (scaled up 4x): the median box size and position relative to
// the image give the crop around a Haar box that reproduces FER-2013's framing: a square `scale` times the box
// side, its centre `shiftY` box heights above the box centre. Prints JSON.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FaceDetector, loadOpenCV } from '../src/main/camera/index.ts';
import { readFerCsv } from '../src/main/emotion/index.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data/fer2013/fer2013-train-publictest.csv.gz') },
    images: { type: 'string', default: '3000' },
  },
});
const cv = loadOpenCV();
const detector = new FaceDetector(cv, { minSizeFraction: 0.3 });
const UP = 4;
const scales: number[] = [];
const shifts: number[] = [];
let seen = 0;
for await (const row of readFerCsv(values.data, 'Training')) {
  if (seen >= Number(values.images)) break;
  seen += 1;
  const small = new cv.Mat(Buffer.from(row.pixels), 48, 48, cv.CV_8UC1);
  const big = await small.resizeAsync(48 * UP, 48 * UP, 0, 0, cv.INTER_CUBIC);
  const faces = await detector.detect(big);
  if (faces.length !== 1) continue;
  const [, y, w, h] = faces[0] as [number, number, number, number];
  const side = 48 * UP;
  scales.push(side / w);
  // Image centre relative to the box centre, in box heights (positive: the crop sits higher than the box).
  shifts.push((y + h / 2 - side / 2) / h);
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
const quartiles = (v: number[]): [number, number] => {
  const s = [...v].sort((a, b) => a - b);
  return [s[Math.floor(s.length * 0.25)] ?? NaN, s[Math.floor(s.length * 0.75)] ?? NaN];
};
const round = (v: number): number => Math.round(v * 1000) / 1000;
process.stdout.write(
  `${JSON.stringify(
    {
      measure: 'FER-2013 framing around the Haar box (haarcascade_frontalface_alt2, as the app)',
      imagesRead: seen,
      imagesWithOneFace: scales.length,
      scale: { median: round(median(scales)), interquartile: quartiles(scales).map(round) },
      shiftY: { median: round(median(shifts)), interquartile: quartiles(shifts).map(round) },
    },
    null,
    2,
  )}\n`,
);
