import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Box, EmotionEstimate } from '../../shared/api/index.ts';
import { topEmotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import { FaceDetector, FrameAnalyzer, loadOpenCV, toSourceBox, type Mat } from '../camera/index.ts';
import { EmotionClassifier } from '../emotion/index.ts';

export interface DetectedFace extends EmotionEstimate {
  /** [x, y, width, height] in the source image's pixels. */
  box: Box;
}

export interface DetectedFrame {
  index: number;
  /** Position in the video, ms; null for an image. */
  timeMs: number | null;
  faces: DetectedFace[];
  /** Detection plus classification time for this frame. */
  ms: number;
}

export interface DetectionReport {
  source: string;
  kind: 'image' | 'video';
  backend: string;
  model: string;
  frames: DetectedFrame[];
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff', '.pgm', '.ppm']);

/**
 * `emotune detect`: the live path (working-size frame, Haar faces, the emotion worker) over an image or
 * every `every`-th frame of a video, classifying every face found.
 */
export async function detectMedia(
  path: string,
  options: { modelDir: string; workerUrl: URL; every?: number; onProgress?: (frames: number) => void },
): Promise<DetectionReport> {
  const source = resolve(path);
  if (!existsSync(source)) throw new EmotuneError('not-found', `no such file: ${source}`);
  const cv = loadOpenCV();
  const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
  const classifier = new EmotionClassifier({ workerUrl: options.workerUrl, modelDir: options.modelDir });
  try {
    const status = await classifier.ready();
    const analyze = async (frame: Mat, index: number, timeMs: number | null): Promise<DetectedFrame> => {
      const started = performance.now();
      const analyzed = await analyzer.analyze(frame);
      const result = await classifier.classify(analyzed.gray, analyzed.faces);
      return {
        index,
        timeMs,
        faces: analyzed.faces.map((box, i) => {
          const probabilities = result.probabilities[i] as DetectedFace['probabilities'];
          return { box: toSourceBox(box, analyzed.scale), ...topEmotion(probabilities), probabilities };
        }),
        ms: performance.now() - started,
      };
    };
    const frames: DetectedFrame[] = [];
    const kind = IMAGE_EXTENSIONS.has(extname(source).toLowerCase()) ? 'image' : 'video';
    if (kind === 'image') {
      let image: Mat;
      try {
        image = await cv.imreadAsync(source);
      } catch (error) {
        throw new EmotuneError('invalid-input', `cannot read the image ${source}: ${(error as Error).message}`);
      }
      if (image.empty) throw new EmotuneError('invalid-input', `cannot read the image ${source}`);
      frames.push(await analyze(image, 0, null));
    } else {
      let capture: import('@u4/opencv4nodejs').VideoCapture;
      try {
        capture = new cv.VideoCapture(source);
      } catch (error) {
        throw new EmotuneError('invalid-input', `cannot open the video ${source}: ${(error as Error).message}`);
      }
      try {
        const fps = capture.get(cv.CAP_PROP_FPS) || 25;
        const every = Math.max(1, options.every ?? 1);
        for (let index = 0; ; index += 1) {
          const frame = await capture.readAsync();
          if (frame.empty) break;
          if (index % every !== 0) continue;
          frames.push(await analyze(frame, index, Math.round((index / fps) * 1000)));
          options.onProgress?.(frames.length);
        }
      } finally {
        capture.release();
      }
      if (frames.length === 0) throw new EmotuneError('invalid-input', `the video ${source} has no readable frames`);
    }
    return { source, kind, backend: status.backend ?? 'unknown', model: status.model ?? 'unknown', frames };
  } finally {
    await classifier.close();
  }
}
