// Builds the demo camera: an MJPEG AVI of real face photos from ../shared/data/faces, for `emotune serve --camera
// <file>` where there is no webcam, and for the e2e tests: one listener, as a webcam sees one (London sitter 025,
// neutral and smiling in turn), or with `--listener none` three people (neutral, then the same people smiling).
//
//   node scripts/make-camera-video.ts <out.avi> [--faces DIR] [--seconds-per-photo 2] [--fps 10] [--listener ID|none]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCameraVideo } from '../src/main/testing/camera-video.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    faces: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data/faces') },
    'seconds-per-photo': { type: 'string', default: '2' },
    fps: { type: 'string', default: '10' },
    listener: { type: 'string', default: '025' },
  },
});
const out = positionals[0];
if (!out) {
  process.stderr.write('usage: node scripts/make-camera-video.ts <out.avi> [--faces DIR] [--seconds-per-photo N] [--fps N] [--listener ID|none]\n');
  process.exit(2);
}
const photos = makeCameraVideo(out, {
  facesDir: values.faces,
  secondsPerPhoto: Number(values['seconds-per-photo']),
  fps: Number(values.fps),
  ...(values.listener === 'none' ? {} : { listener: values.listener }),
});
process.stdout.write(`${JSON.stringify({ video: resolve(out), photos })}\n`);
