import { describe, expect, it } from 'vitest';
import { Fft, hann } from './fft.ts';

describe('Fft', () => {
  it('matches a direct DFT', () => {
    const n = 16;
    const x = Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + (i % 3));
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    new Fft(n).transform(re, im);
    for (let k = 0; k < n; k += 1) {
      let dr = 0;
      let di = 0;
      x.forEach((v, t) => {
        dr += v * Math.cos((-2 * Math.PI * k * t) / n);
        di += v * Math.sin((-2 * Math.PI * k * t) / n);
      });
      expect(re[k]).toBeCloseTo(dr, 9);
      expect(im[k]).toBeCloseTo(di, 9);
    }
  });

  it('puts a pure tone in its bin', () => {
    const n = 1024;
    const re = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 37 * i) / n));
    const im = new Float64Array(n);
    new Fft(n).transform(re, im);
    const mags = Array.from({ length: n / 2 }, (_, k) => Math.hypot(re[k] as number, im[k] as number));
    expect(mags.indexOf(Math.max(...mags))).toBe(37);
  });

  it('refuses sizes that are not powers of two', () => {
    expect(() => new Fft(100)).toThrow(RangeError);
  });

  it('makes a Hann window that is 0 at the start and 1 in the middle', () => {
    const w = hann(8);
    expect(w[0]).toBe(0);
    expect(w[4]).toBeCloseTo(1, 12);
  });
});
