/**
 * Integrated loudness per ITU-R BS.1770-4 / EBU R128, in LUFS: K-weighting (a high shelf of +4 dB above
 * ~1.5 kHz, then a high-pass near 38 Hz; the biquads designed for the stream's rate as in pyloudnorm), mean
 * square over 400 ms blocks with 75 % overlap, summed over channels, an absolute gate at -70 LUFS and a
 * relative gate 10 LU below the ungated level. Streams: push decoded chunks, then read `integrated()`.
 */
export class LoudnessMeter {
  #rate = 0;
  #filters: Biquad[][] = [];
  /** Sum of squares of each 100 ms step, all channels together. */
  readonly #steps: number[] = [];
  #stepSum = 0;
  #stepFill = 0;
  #stepSize = 0;
  #peak = 0;

  push(channels: readonly Float32Array[], rate: number): void {
    if (this.#rate === 0) {
      this.#rate = rate;
      this.#stepSize = Math.round(rate * 0.1);
      this.#filters = channels.map(() => kWeighting(rate));
    }
    const n = channels[0]?.length ?? 0;
    // Per channel: K-weight and square into `sums` (the hot loop keeps filter state in locals).
    const sums = new Float64Array(n);
    channels.forEach((channel, c) => {
      const [shelf, highpass] = this.#filters[c] as [Biquad, Biquad];
      const peak = shelf.run(channel, highpass, sums);
      if (peak > this.#peak) this.#peak = peak;
    });
    for (let i = 0; i < n; i += 1) {
      this.#stepSum += sums[i] as number;
      this.#stepFill += 1;
      if (this.#stepFill === this.#stepSize) {
        this.#steps.push(this.#stepSum);
        this.#stepSum = 0;
        this.#stepFill = 0;
      }
    }
  }

  /** Sample peak over all channels (linear). */
  get peak(): number {
    return this.#peak;
  }

  /** Integrated loudness in LUFS; -Infinity for silence or less than 400 ms of audio. */
  integrated(): number {
    const blocks: number[] = [];
    for (let i = 0; i + 4 <= this.#steps.length; i += 1) {
      const power = ((this.#steps[i] as number) + (this.#steps[i + 1] as number) + (this.#steps[i + 2] as number) + (this.#steps[i + 3] as number)) / (4 * this.#stepSize);
      blocks.push(power);
    }
    const lufs = (power: number): number => -0.691 + 10 * Math.log10(power);
    const absolute = blocks.filter((p) => lufs(p) > -70);
    if (absolute.length === 0) return -Infinity;
    const relativeGate = lufs(absolute.reduce((a, b) => a + b, 0) / absolute.length) - 10;
    const gated = absolute.filter((p) => lufs(p) > relativeGate);
    return lufs(gated.reduce((a, b) => a + b, 0) / gated.length);
  }
}

class Biquad {
  readonly #b: [number, number, number];
  readonly #a: [number, number];
  #x1 = 0;
  #x2 = 0;
  #y1 = 0;
  #y2 = 0;

  constructor(b: [number, number, number], a: [number, number]) {
    this.#b = b;
    this.#a = a;
  }

  /**
   * Filters `input` through this biquad and then `next`, adding each squared output to `squares`; returns
   * the input's absolute peak.
   */
  run(input: Float32Array, next: Biquad, squares: Float64Array): number {
    const [b0, b1, b2] = this.#b;
    const [a1, a2] = this.#a;
    const [c0, c1, c2] = next.#b;
    const [d1, d2] = next.#a;
    let { x1, x2, y1, y2 } = { x1: this.#x1, x2: this.#x2, y1: this.#y1, y2: this.#y2 };
    let u1 = next.#x1;
    let u2 = next.#x2;
    let v1 = next.#y1;
    let v2 = next.#y2;
    let peak = 0;
    for (let i = 0; i < input.length; i += 1) {
      const x = input[i] as number;
      const ax = x < 0 ? -x : x;
      if (ax > peak) peak = ax;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      const v = c0 * y + c1 * u1 + c2 * u2 - d1 * v1 - d2 * v2;
      u2 = u1;
      u1 = y;
      v2 = v1;
      v1 = v;
      squares[i] = (squares[i] as number) + v * v;
    }
    this.#x1 = x1;
    this.#x2 = x2;
    this.#y1 = y1;
    this.#y2 = y2;
    next.#x1 = u1;
    next.#x2 = u2;
    next.#y1 = v1;
    next.#y2 = v2;
    return peak;
  }
}

/** The two K-weighting stages for a sample rate (RBJ cookbook forms, parameters from BS.1770 / pyloudnorm). */
function kWeighting(rate: number): Biquad[] {
  const shelf = (() => {
    const G = 4.0;
    const Q = 1 / Math.SQRT2;
    const fc = 1500;
    const A = 10 ** (G / 40);
    const w0 = (2 * Math.PI * fc) / rate;
    const alpha = Math.sin(w0) / (2 * Q);
    const cos = Math.cos(w0);
    const sq = 2 * Math.sqrt(A) * alpha;
    const b0 = A * (A + 1 + (A - 1) * cos + sq);
    const b1 = -2 * A * (A - 1 + (A + 1) * cos);
    const b2 = A * (A + 1 + (A - 1) * cos - sq);
    const a0 = A + 1 - (A - 1) * cos + sq;
    const a1 = 2 * (A - 1 - (A + 1) * cos);
    const a2 = A + 1 - (A - 1) * cos - sq;
    return new Biquad([b0 / a0, b1 / a0, b2 / a0], [a1 / a0, a2 / a0]);
  })();
  const highpass = (() => {
    const Q = 0.5;
    const fc = 38;
    const w0 = (2 * Math.PI * fc) / rate;
    const alpha = Math.sin(w0) / (2 * Q);
    const cos = Math.cos(w0);
    const b0 = (1 + cos) / 2;
    const b1 = -(1 + cos);
    const b2 = (1 + cos) / 2;
    const a0 = 1 + alpha;
    const a1 = -2 * cos;
    const a2 = 1 - alpha;
    return new Biquad([b0 / a0, b1 / a0, b2 / a0], [a1 / a0, a2 / a0]);
  })();
  return [shelf, highpass];
}
