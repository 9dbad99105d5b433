import type { Box } from '../../shared/api/index.ts';

/** An 8-bit grey image, row-major. */
export interface GrayImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * How a detected face box is framed before classification: grown to a square `scale` times its width, its
 * centre moved up by `shiftY` times its height. Outside the frame, edge pixels are repeated.
 */
export interface FaceFraming {
  scale: number;
  shiftY: number;
}

/**
 * FER-2013's own framing: the app's Haar detector run on 3,000 FER-2013 training images finds the face box at
 * a median 1/1.19 of the image side, centred (shift -0.006 box heights): `npm run measure:framing`. A model
 * whose manifest names no framing gets this one.
 */
export const DEFAULT_FACE_FRAMING: FaceFraming = { scale: 1.2, shiftY: 0 };

/** The square region a face box is read from, in frame pixels (may extend past the frame). */
export function frameFace(box: Box, framing: FaceFraming): Box {
  const [x, y, w, h] = box;
  const side = Math.max(w, h) * framing.scale;
  const cx = x + w / 2;
  const cy = y + h / 2 - framing.shiftY * h;
  return [cx - side / 2, cy - side / 2, side, side];
}

interface Tap {
  index: number;
  weight: number;
}

/**
 * Resampling weights along one axis: the region [start, start + length) of a source of `sourceSize` pixels to
 * `outSize` pixels. Shrinking averages the covered source pixels by area (no aliasing); enlarging interpolates
 * linearly. Indices outside the source are clamped to its edge.
 */
export function axisTaps(start: number, length: number, outSize: number, sourceSize: number): Tap[][] {
  const step = length / outSize;
  const clamp = (i: number): number => Math.min(sourceSize - 1, Math.max(0, i));
  const taps: Tap[][] = [];
  for (let o = 0; o < outSize; o += 1) {
    const lo = start + o * step;
    const hi = lo + step;
    const row: Tap[] = [];
    if (step >= 1) {
      for (let i = Math.floor(lo); i < Math.ceil(hi); i += 1) {
        const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
        if (overlap > 0) row.push({ index: clamp(i), weight: overlap / step });
      }
    } else {
      const centre = lo + step / 2 - 0.5;
      const i0 = Math.floor(centre);
      const f = centre - i0;
      row.push({ index: clamp(i0), weight: 1 - f }, { index: clamp(i0 + 1), weight: f });
    }
    taps.push(row);
  }
  return taps;
}

/** Resamples a region of a grey image to size x size pixels (values 0..255, as floats). */
export function resampleRegion(image: GrayImage, region: Box, size: number): Float32Array {
  const [rx, ry, rw, rh] = region;
  const xTaps = axisTaps(rx, rw, size, image.width);
  const yTaps = axisTaps(ry, rh, size, image.height);
  // Horizontal pass over only the rows the vertical taps use.
  const rowsNeeded = new Set(yTaps.flatMap((row) => row.map((t) => t.index)));
  const horizontal = new Map<number, Float32Array>();
  for (const y of rowsNeeded) {
    const line = new Float32Array(size);
    const offset = y * image.width;
    for (let ox = 0; ox < size; ox += 1) {
      let sum = 0;
      for (const t of xTaps[ox] as Tap[]) sum += (image.data[offset + t.index] as number) * t.weight;
      line[ox] = sum;
    }
    horizontal.set(y, line);
  }
  const out = new Float32Array(size * size);
  for (let oy = 0; oy < size; oy += 1) {
    for (const t of yTaps[oy] as Tap[]) {
      const line = horizontal.get(t.index) as Float32Array;
      for (let ox = 0; ox < size; ox += 1) out[oy * size + ox] = (out[oy * size + ox] as number) + (line[ox] as number) * t.weight;
    }
  }
  return out;
}

/** Maps 0..255 pixel values linearly onto the model's input range, e.g. [-1, 1] or [0, 1]. */
export function scaleToRange(pixels: Float32Array, range: readonly [number, number]): Float32Array {
  const [lo, hi] = range;
  const k = (hi - lo) / 255;
  return pixels.map((v) => lo + v * k);
}

export interface PreprocessOptions {
  inputSize: number;
  inputRange: readonly [number, number];
  framing: FaceFraming;
}

/**
 * The one preprocessing path for every face the app classifies, live or in evaluation: frame the box,
 * resample it to the model's square input, scale the values. Returns inputSize² floats, row-major.
 */
export function preprocessFace(image: GrayImage, box: Box, options: PreprocessOptions): Float32Array {
  const region = frameFace(box, options.framing);
  return scaleToRange(resampleRegion(image, region, options.inputSize), options.inputRange);
}

/** The mirror image of a square size x size input (test-time augmentation). */
export function mirrorInput(input: Float32Array, size: number): Float32Array {
  const out = new Float32Array(input.length);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) out[y * size + x] = input[y * size + (size - 1 - x)] as number;
  }
  return out;
}
