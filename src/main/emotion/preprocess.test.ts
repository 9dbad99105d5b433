import { describe, expect, it } from 'vitest';
import { axisTaps, frameFace, mirrorInput, preprocessFace, resampleRegion, scaleToRange, type GrayImage } from './preprocess.ts';

const image = (width: number, height: number, pixel: (x: number, y: number) => number): GrayImage => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[y * width + x] = pixel(x, y);
  return { data, width, height };
};

describe('axisTaps', () => {
  it('gives weights summing to 1 for shrinking and enlarging', () => {
    for (const [length, out] of [[100, 48], [30, 64], [48, 48], [7, 3]] as const) {
      for (const taps of axisTaps(0, length, out, 200)) {
        expect(taps.reduce((s, t) => s + t.weight, 0)).toBeCloseTo(1, 10);
      }
    }
  });

  it('averages exactly the covered pixels when shrinking by 2', () => {
    expect(axisTaps(0, 4, 2, 4)).toEqual([
      [{ index: 0, weight: 0.5 }, { index: 1, weight: 0.5 }],
      [{ index: 2, weight: 0.5 }, { index: 3, weight: 0.5 }],
    ]);
  });

  it('clamps outside the source to the edge pixel', () => {
    const taps = axisTaps(-4, 4, 2, 10).flat();
    expect(taps.every((t) => t.index === 0)).toBe(true);
  });
});

describe('resampleRegion', () => {
  it('keeps a flat image flat', () => {
    const out = resampleRegion(image(100, 80, () => 77), [10, 5, 60, 60], 48);
    expect(Math.min(...out)).toBeCloseTo(77, 5);
    expect(Math.max(...out)).toBeCloseTo(77, 5);
  });

  it('is the identity at the same size', () => {
    const src = image(8, 8, (x, y) => x * 10 + y);
    expect(Array.from(resampleRegion(src, [0, 0, 8, 8], 8))).toEqual(Array.from(src.data));
  });

  it('preserves a left/right split when shrinking', () => {
    const out = resampleRegion(image(64, 64, (x) => (x < 32 ? 0 : 200)), [0, 0, 64, 64], 16);
    expect(out[0]).toBe(0);
    expect(out[15]).toBe(200);
  });
});

describe('mirrorInput', () => {
  it('flips each row, and twice is the identity', () => {
    const input = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(mirrorInput(input, 3))).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    expect(mirrorInput(mirrorInput(input, 3), 3)).toEqual(input);
  });
});

describe('frameFace / scaleToRange / preprocessFace', () => {
  it('grows the box to a square around its centre, moved up', () => {
    expect(frameFace([100, 100, 50, 50], { scale: 1.2, shiftY: 0.1 })).toEqual([95, 90, 60, 60]);
  });

  it('maps 0..255 onto the model range', () => {
    expect(Array.from(scaleToRange(new Float32Array([0, 127.5, 255]), [-1, 1]))).toEqual([-1, 0, 1]);
    expect(Array.from(scaleToRange(new Float32Array([0, 255]), [0, 1]))).toEqual([0, 1]);
  });

  it('produces inputSize² values in range', () => {
    const out = preprocessFace(image(200, 200, (x, y) => (x + y) % 256), [50, 50, 100, 100], {
      inputSize: 48,
      inputRange: [-1, 1],
      framing: { scale: 1.3, shiftY: 0.05 },
    });
    expect(out.length).toBe(48 * 48);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
  });
});
