import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadOpenCV } from '../camera/opencv.ts';

// People whose neutral and smiling London portraits the baseline model reads clearly at webcam size
// (checked with `emotune detect`): 010, 025, 030.
const PEOPLE = ['010', '025', '030'];

/**
 * Writes a demo "camera": an MJPEG AVI of real face photos, each letterboxed to 640x480 like a webcam frame.
 * Emotune reads it through OpenCV's VideoCapture exactly as it reads a webcam. By default three people neutral,
 * then the same three smiling; with `listener` (one of them), that one person only, as a webcam sees its one
 * listener: neutral, smiling, neutral, smiling, neutral, smiling (Emotune learns a listener's resting face while
 * they listen, which a stream of different people would blur). `photoScale` (default 1) shrinks each photo within
 * the frame: a listener further from the camera, a smaller face. Returns the photos used, in order.
 */
export function makeCameraVideo(out: string, options: { facesDir: string; secondsPerPhoto: number; fps: number; photoScale?: number; listener?: string }): string[] {
  const cv = loadOpenCV();
  const portrait = (id: string, look: '03' | '08'): string => join(options.facesDir, 'london', `${id}_${look}.jpg`);
  const photos = options.listener
    ? [0, 1, 2].flatMap(() => [portrait(options.listener as string, '03'), portrait(options.listener as string, '08')])
    : [...PEOPLE.map((id) => portrait(id, '03')), ...PEOPLE.map((id) => portrait(id, '08'))];
  for (const photo of photos) if (!existsSync(photo)) throw new Error(`missing face photo ${photo}`);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const writer = new cv.VideoWriter(resolve(out), cv.VideoWriter.fourcc('MJPG'), options.fps, new cv.Size(640, 480), true);
  for (const photo of photos) {
    const image = cv.imread(photo);
    const k = Math.min(640 / image.cols, 480 / image.rows) * (options.photoScale ?? 1);
    const scaled = image.resize(Math.round(image.rows * k), Math.round(image.cols * k), 0, 0, cv.INTER_AREA);
    const frame = new cv.Mat(480, 640, cv.CV_8UC3, [40, 40, 40]);
    scaled.copyTo(frame.getRegion(new cv.Rect((640 - scaled.cols) >> 1, (480 - scaled.rows) >> 1, scaled.cols, scaled.rows)));
    for (let i = 0; i < options.secondsPerPhoto * options.fps; i += 1) writer.write(frame);
  }
  writer.release();
  return photos;
}
