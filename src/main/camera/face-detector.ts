import type { Box } from '../../shared/api/index.ts';
import type { Mat, OpenCV } from './opencv.ts';

export interface FaceDetectorOptions {
  /** Haar cascade shipped with OpenCV. alt2 was the only one to find exactly one face in every single-face
   * London photo of ../shared/data/faces at a 640-pixel working size (default: 2 misses, 2 doubles). */
  cascade: 'HAAR_FRONTALFACE_ALT2' | 'HAAR_FRONTALFACE_ALT' | 'HAAR_FRONTALFACE_DEFAULT';
  scaleFactor: number;
  minNeighbors: number;
  /** Smallest face searched for, as a fraction of the image's shorter side. */
  minSizeFraction: number;
  /**
   * A second look when a whole-frame search finds nothing: a face that fills the frame or is cut by its edge
   * (a listener leaning in, a tight portrait) is missed by the cascade, whose windows need a margin of
   * background around the face. The frame is searched again inside a border of its own edge pixels repeated
   * (`border` times its longer side on every side), for big faces only (from `minSizeFraction` of its shorter
   * side), at `scaleFactor`. Boxes found this way may reach past the frame; the face's crop repeats edge
   * pixels there as it does for any face near the edge. null: no second look.
   */
  edgeRetry: { border: number; minSizeFraction: number; scaleFactor: number } | null;
}

/**
 * Measured on the 65 photos of ../shared/data/faces at a 640-pixel working size: 62 counted exactly (all 48
 * London portraits, both no-face images) with scale step 1.15 and faces from 12% of the shorter side
 * (58 px at 640x480, a face about 1.5 m from a webcam), in 13 ms per image; step 1.1 from 8% counts the same
 * photos in 34 ms.
 */
/**
 * The edge retry's settings. On the 11 of the expressions set's 581 tight 256-pixel portraits where the first
 * search finds no face (one bearded performer, his chin and hair at the frame's edges), they find 8, and no face
 * in the faces set's two images without one; about 3-5 ms, spent only on frames where the first search found
 * nothing. Borders of 0.1 to 0.3 find 5 to 10 of the 11 depending on the scale step; 0.15 finds 8 at steps 1.05
 * and 1.1 and from 0.3 or 0.4 of the side. `npm run eval:detector [-- --border B --retry-scale S --retry-min F]`
 * measures it and the alternatives.
 */
export const DEFAULT_EDGE_RETRY = { border: 0.15, minSizeFraction: 0.3, scaleFactor: 1.1 } as const;

export const DEFAULT_FACE_DETECTOR_OPTIONS: FaceDetectorOptions = {
  cascade: 'HAAR_FRONTALFACE_ALT2',
  scaleFactor: 1.15,
  minNeighbors: 5,
  minSizeFraction: 0.12,
  edgeRetry: DEFAULT_EDGE_RETRY,
};

const largestFirst = (a: Box, b: Box): number => b[2] * b[3] - a[2] * a[3];

/** Haar-cascade face detection on a grey image; faces come back largest first. */
export class FaceDetector {
  readonly #cv: OpenCV;
  readonly #classifier: import('@u4/opencv4nodejs').CascadeClassifier;
  readonly #options: FaceDetectorOptions;

  constructor(cv: OpenCV, options: Partial<FaceDetectorOptions> = {}) {
    this.#cv = cv;
    this.#options = { ...DEFAULT_FACE_DETECTOR_OPTIONS, ...options };
    this.#classifier = new cv.CascadeClassifier(cv[this.#options.cascade]);
  }

  /**
   * Faces in the image, or only in `within.region` with sides between `minSide` and `maxSide` (tracking a
   * face found before). Boxes are in the image's pixels either way.
   */
  async detect(gray: Mat, within?: { region: Box; minSide: number; maxSide: number }): Promise<Box[]> {
    const cv = this.#cv;
    const [rx, ry, rw, rh] = within?.region ?? [0, 0, gray.cols, gray.rows];
    const image = within ? gray.getRegion(new cv.Rect(rx, ry, rw, rh)) : gray;
    const minSide = within?.minSide ?? Math.max(24, Math.round(Math.min(gray.cols, gray.rows) * this.#options.minSizeFraction));
    const result = await this.#classifier.detectMultiScaleAsync(image, {
      scaleFactor: this.#options.scaleFactor,
      minNeighbors: this.#options.minNeighbors,
      minSize: new cv.Size(minSide, minSide),
      ...(within ? { maxSize: new cv.Size(within.maxSide, within.maxSide) } : {}),
    });
    const faces = result.objects.map((r): Box => [r.x + rx, r.y + ry, r.width, r.height]).sort(largestFirst);
    const retry = this.#options.edgeRetry;
    if (result.objects.length > 0 || within || !retry) return faces;
    return this.#detectInBorder(gray, retry);
  }

  /** The edge retry (FaceDetectorOptions.edgeRetry): boxes in the frame's pixels, possibly reaching past it. */
  async #detectInBorder(gray: Mat, retry: NonNullable<FaceDetectorOptions['edgeRetry']>): Promise<Box[]> {
    const cv = this.#cv;
    const b = Math.round(Math.max(gray.cols, gray.rows) * retry.border);
    if (b < 1) return [];
    const padded = await gray.copyMakeBorderAsync(b, b, b, b, cv.BORDER_REPLICATE);
    const minSide = Math.max(24, Math.round(Math.min(gray.cols, gray.rows) * retry.minSizeFraction));
    const result = await this.#classifier.detectMultiScaleAsync(padded, {
      scaleFactor: retry.scaleFactor,
      minNeighbors: this.#options.minNeighbors,
      minSize: new cv.Size(minSide, minSide),
    });
    return result.objects.map((r): Box => [r.x - b, r.y - b, r.width, r.height]).sort(largestFirst);
  }
}
