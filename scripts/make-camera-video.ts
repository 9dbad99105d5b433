// Builds the demo camera: an MJPEG AVI of real face photos from ../shared/data/faces (neutral faces, then the
// same people smiling), for `emotune serve --camera <file>` where there is no webcam, and for the e2e tests.
//
//   node scripts/make-camera-video.ts <out.avi> [--faces DIR] [--seconds-per-photo 2] [--fps 10]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCameraVideo } from '../src/main/testing/camera-video.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    faces: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data/faces') },
    'seconds-per-photo': { type: 'string', default: '2' },
    fps: { type: 'string', default: '10' },
  },
});
const out = positionals[0];
if (!out) {
  process.stderr.write('usage: node scripts/make-camera-video.ts <out.avi> [--faces DIR] [--seconds-per-photo N] [--fps N]\n');
  process.exit(2);
}
const photos = makeCameraVideo(out, {
  facesDir: values.faces,
  secondsPerPhoto: Number(values['seconds-per-photo']),
  fps: Number(values.fps),
});
process.stdout.write(`${JSON.stringify({ video: resolve(out), photos })}\n`);
