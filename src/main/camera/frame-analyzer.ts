import type { Box } from '../../shared/api/index.ts';
import type { FaceDetector } from './face-detector.ts';
import type { Mat, OpenCV } from './opencv.ts';
import { trackingRegion } from './tracking.ts';

/** A frame ready for the emotion model: grey pixels at working size and the faces found in them. */
export interface AnalyzedFrame {
  gray: { data: Uint8Array; width: number; height: number };
  /** Faces in working-size pixels, largest first. */
  faces: Box[];
  /** Working size / source size, to map boxes back onto the source frame. */
  scale: number;
  /** True when the face was found by searching around the last one rather than the whole frame. */
  tracked: boolean;
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
  readonly #fullEvery: number;
  #lastFace: Box | null = null;
  #sinceFull = 0;

  /**
   * `trackEvery`: for a stream of frames (the camera), search around the last face and scan the whole frame
   * only every that many frames (new faces appear within a second at 8 fps) or when the face is lost; 0
   * (images, evaluation) scans every frame whole.
   */
  constructor(deps: { cv: OpenCV; detector: FaceDetector; workingSize?: number; trackEvery?: number }) {
    this.#cv = deps.cv;
    this.#detector = deps.detector;
    this.#workingSize = deps.workingSize ?? 640;
    this.#fullEvery = deps.trackEvery ?? 0;
  }

  async analyze(frame: Mat): Promise<AnalyzedFrame> {
    const started = performance.now();
    const longest = Math.max(frame.cols, frame.rows);
    const scale = longest > this.#workingSize ? this.#workingSize / longest : 1;
    // Resizing and grey conversion of one frame take well under a millisecond: done in place, as a round
    // trip through the thread pool would cost more. Detection is the heavy part and runs there.
    const color =
      scale < 1 ? frame.resize(Math.round(frame.rows * scale), Math.round(frame.cols * scale), 0, 0, this.#cv.INTER_AREA) : frame;
    const grayMat = color.channels === 1 ? color : color.bgrToGray();
    let faces: Box[] = [];
    let tracked = false;
    if (this.#fullEvery > 0 && this.#lastFace && this.#sinceFull < this.#fullEvery) {
      faces = await this.#detector.detect(grayMat, trackingRegion(this.#lastFace, grayMat.cols, grayMat.rows));
      tracked = faces.length > 0;
      this.#sinceFull += 1;
    }
    if (!tracked) {
      faces = await this.#detector.detect(grayMat);
      this.#sinceFull = 0;
    }
    this.#lastFace = faces[0] ?? null;
    return {
      gray: { data: new Uint8Array(grayMat.getData()), width: grayMat.cols, height: grayMat.rows },
      faces,
      scale,
      tracked,
      color,
      detectMs: performance.now() - started,
    };
  }
}

/** Maps a working-size box back to source pixels (rounded). */
export function toSourceBox(box: Box, scale: number): Box {
  return box.map((v) => Math.round(v / scale)) as Box;
}
