import type { Box } from '../../shared/api/index.ts';
import type { FaceDetector } from './face-detector.ts';
import type { Mat, OpenCV } from './opencv.ts';

/** A frame ready for the emotion model: grey pixels at working size and the faces found in them. */
export interface AnalyzedFrame {
  gray: { data: Uint8Array; width: number; height: number };
  /** Faces in working-size pixels, largest first. */
  faces: Box[];
  /** Working size / source size, to map boxes back onto the source frame. */
  scale: number;
  /** The colour frame at working size, for the preview. */
  color: Mat;
  detectMs: number;
}

/**
 * The per-frame path shared by the live camera and `emotune detect`: scale to the working size (longest side
 * `workingSize` pixels: Haar detection cost grows with pixels, and faces at webcam distance stay well above
 * the minimum), convert to grey, find faces.
 */
export class FrameAnalyzer {
  readonly #cv: OpenCV;
  readonly #detector: FaceDetector;
  readonly #workingSize: number;

  constructor(deps: { cv: OpenCV; detector: FaceDetector; workingSize?: number }) {
    this.#cv = deps.cv;
    this.#detector = deps.detector;
    this.#workingSize = deps.workingSize ?? 640;
  }

  async analyze(frame: Mat): Promise<AnalyzedFrame> {
    const started = performance.now();
    const longest = Math.max(frame.cols, frame.rows);
    const scale = longest > this.#workingSize ? this.#workingSize / longest : 1;
    const color =
      scale < 1
        ? await frame.resizeAsync(Math.round(frame.rows * scale), Math.round(frame.cols * scale), 0, 0, this.#cv.INTER_AREA)
        : frame;
    const grayMat = color.channels === 1 ? color : await color.bgrToGrayAsync();
    const faces = await this.#detector.detect(grayMat);
    return {
      gray: { data: new Uint8Array(grayMat.getData()), width: grayMat.cols, height: grayMat.rows },
      faces,
      scale,
      color,
      detectMs: performance.now() - started,
    };
  }
}

/** Maps a working-size box back to source pixels (rounded). */
export function toSourceBox(box: Box, scale: number): Box {
  return box.map((v) => Math.round(v / scale)) as Box;
}
