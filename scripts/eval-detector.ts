// npm run eval:detector [-- --faces DIR] [--expressions DIR] [--border B] [--retry-scale S] [--retry-min F] — the live path's face detection (working-size
// frame, Haar cascade, FaceDetector's options) on labelled photos, with and without its edge retry (a second
// look inside a border of repeated edge pixels where the first search finds nothing: a face that fills the
// frame or is cut by its edge). JSON on stdout, per set and setting:
//   - photos counted exactly (as many faces found as the photo holds), missed (fewer), doubled (more);
//   - false faces: faces found in the photos that hold none;
//   - which photos the retry changed, and the detection time per photo (p50 / p95, ms; wall clock, so a
//     busy machine reads slower).
// --border, --retry-scale and --retry-min replace the retry's border, scale step and smallest face (as a fraction
// of the frame's shorter side) in the withEdgeRetry column (the shipped settings by default), to measure alternatives.
// ../shared/data/faces gives each photo's face count (`expected_faces`); every photo of
// ../shared/data/expressions holds one face.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readPhotoLabels } from '../src/main/app/index.ts';
import { DEFAULT_EDGE_RETRY, DEFAULT_FACE_DETECTOR_OPTIONS, FaceDetector, FrameAnalyzer, loadOpenCV } from '../src/main/camera/index.ts';
import { parseFaceLabels } from '../src/main/testing/shared-data.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    faces: { type: 'string', default: resolve(root, '../shared/data/faces') },
    expressions: { type: 'string', default: resolve(root, '../shared/data/expressions') },
    border: { type: 'string' },
    'retry-scale': { type: 'string' },
    'retry-min': { type: 'string' },
  },
});
const edgeRetry = {
  border: values.border ? Number(values.border) : DEFAULT_EDGE_RETRY.border,
  scaleFactor: values['retry-scale'] ? Number(values['retry-scale']) : DEFAULT_EDGE_RETRY.scaleFactor,
  minSizeFraction: values['retry-min'] ? Number(values['retry-min']) : DEFAULT_EDGE_RETRY.minSizeFraction,
};
if (!(edgeRetry.border > 0 && edgeRetry.border <= 1 && edgeRetry.scaleFactor > 1 && edgeRetry.scaleFactor < 2 && edgeRetry.minSizeFraction > 0 && edgeRetry.minSizeFraction <= 1)) {
  process.stderr.write('eval:detector: --border and --retry-min take a fraction in (0, 1], --retry-scale a step in (1, 2)\n');
  process.exit(2);
}
const sets: { name: string; dir: string; photos: { file: string; faces: number }[] }[] = [];
if (existsSync(join(values.faces, 'labels.csv'))) {
  sets.push({ name: 'faces', dir: values.faces, photos: parseFaceLabels(readFileSync(join(values.faces, 'labels.csv'), 'utf8')).map((l) => ({ file: l.file, faces: l.expectedFaces })) });
}
if (existsSync(join(values.expressions, 'labels.csv'))) {
  sets.push({ name: 'expressions', dir: values.expressions, photos: readPhotoLabels(join(values.expressions, 'labels.csv')).map((p) => ({ file: p.file, faces: 1 })) });
}
if (sets.length === 0) {
  process.stderr.write(`eval:detector needs ${values.faces}/labels.csv or ${values.expressions}/labels.csv (--faces, --expressions)\n`);
  process.exit(1);
}

const cv = loadOpenCV();
const settings = {
  withoutEdgeRetry: new FrameAnalyzer({ cv, detector: new FaceDetector(cv, { edgeRetry: null }) }),
  withEdgeRetry: new FrameAnalyzer({ cv, detector: new FaceDetector(cv, { edgeRetry }) }),
};
const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;
const quantile = (v: number[], q: number): number => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(q * v.length))] ?? 0;

const report: Record<string, unknown> = { options: { ...DEFAULT_FACE_DETECTOR_OPTIONS, edgeRetry }, workingSize: 640 };
for (const set of sets) {
  process.stderr.write(`${set.name}: ${set.photos.length} photos…\n`);
  const counts: Record<string, number[]> = { withoutEdgeRetry: [], withEdgeRetry: [] };
  const times: Record<string, number[]> = { withoutEdgeRetry: [], withEdgeRetry: [] };
  for (const photo of set.photos) {
    const image = await cv.imreadAsync(join(set.dir, photo.file));
    for (const [name, analyzer] of Object.entries(settings)) {
      const frame = await analyzer.analyze(image);
      counts[name]?.push(frame.faces.length);
      times[name]?.push(frame.detectMs);
    }
  }
  const summary = (name: string) => {
    const found = counts[name] as number[];
    return {
      exact: set.photos.filter((p, i) => found[i] === p.faces).length,
      missed: set.photos.filter((p, i) => (found[i] as number) < p.faces).length,
      doubled: set.photos.filter((p, i) => (found[i] as number) > p.faces && p.faces > 0).length,
      falseFaces: set.photos.reduce((sum, p, i) => sum + (p.faces === 0 ? (found[i] as number) : 0), 0),
      detectMs: { p50: round(quantile(times[name] as number[], 0.5)), p95: round(quantile(times[name] as number[], 0.95)) },
    };
  };
  report[set.name] = {
    photos: set.photos.length,
    withoutEdgeRetry: summary('withoutEdgeRetry'),
    withEdgeRetry: summary('withEdgeRetry'),
    changedByRetry: set.photos.flatMap((p, i) =>
      counts.withoutEdgeRetry?.[i] !== counts.withEdgeRetry?.[i] ? [{ file: p.file, faces: p.faces, before: counts.withoutEdgeRetry?.[i], after: counts.withEdgeRetry?.[i] }] : [],
    ),
  };
}
console.log(JSON.stringify(report, null, 2));
