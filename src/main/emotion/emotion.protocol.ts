import type { Box } from '../../shared/api/index.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { FaceFraming, GrayImage } from './preprocess.ts';

/** Messages to the emotion worker. */
export type ToEmotionWorker =
  /** memberThreads: how many threads an ensemble's members after the first share (member-thread.ts); 0: none. */
  | { type: 'load'; modelDir: string; backend: 'auto' | 'wasm' | 'cpu'; framing: FaceFraming | null; cameraOffset: boolean; memberThreads: number }
  | { type: 'classify'; id: number; image: GrayImage; boxes: Box[]; framing: FaceFraming | null }
  /** Many single-face images in one batch (evaluation): each image is read whole, as its own face box. */
  | { type: 'classify-images'; id: number; images: GrayImage[]; framing: FaceFraming | null }
  | { type: 'close' };

/** Messages from the emotion worker. */
export type FromEmotionWorker =
  | { type: 'loaded'; backend: string; model: string; displayName: string; inputSize: number; notes: string[] }
  | { type: 'load-failed'; code: ErrorCode; message: string }
  | { type: 'classified'; id: number; probabilities: number[][]; preprocessMs: number; inferMs: number }
  | { type: 'classify-failed'; id: number; message: string };
