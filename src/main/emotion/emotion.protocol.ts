import type { Box } from '../../shared/api/index.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { FaceFraming, GrayImage } from './preprocess.ts';

/** Messages to the emotion worker. */
export type ToEmotionWorker =
  /** memberThreads: how many threads an ensemble's members after the first share (member-thread.ts); 0: none. */
  /** faceMeshDir: a face mesh to measure faces' shapes with where the model has no face-geometry head of its own (to fit one). */
  | { type: 'load'; modelDir: string; backend: 'auto' | 'wasm' | 'cpu'; framing: FaceFraming | null; cameraOffset: boolean; memberThreads: number; faceMeshDir: string | null }
  /**
   * shape: also measure each camera-sized face's shape (the model's face-geometry head, if it has one), `now`
   * (before answering) or `after` (once answered: the answer carries the previous frame's shape of the same face).
   */
  | { type: 'classify'; id: number; image: GrayImage; boxes: Box[]; framing: FaceFraming | null; shape: 'now' | 'after' | null }
  /** Many single-face images in one batch (evaluation): each image is read whole, as its own face box. */
  | { type: 'classify-images'; id: number; images: GrayImage[]; framing: FaceFraming | null }
  | { type: 'close' };

/** Messages from the emotion worker. */
export type FromEmotionWorker =
  | { type: 'loaded'; backend: string; model: string; displayName: string; inputSize: number; notes: string[] }
  | { type: 'load-failed'; code: ErrorCode; message: string }
  /**
   * probabilities: the model's answers (camera-corrected, tempered); combined: its members' combined answers
   * before that (what the face-geometry head reads); geometry: each face's shape features where asked for and
   * measured (face-geometry.ts), else null.
   */
  | { type: 'classified'; id: number; probabilities: number[][]; combined: number[][]; geometry: (number[] | null)[]; preprocessMs: number; inferMs: number; meshMs: number }
  | { type: 'classify-failed'; id: number; message: string };
