/**
 * Streams decoded audio (any channel count, any rate) into one mono channel at `outRate`: channels are
 * averaged, then each output sample is the mean of the input span it covers (an area filter: a cheap
 * anti-aliasing low-pass, enough for tempo, chroma and timbre features).
 */
export class MonoResampler {
  readonly outRate: number;
  readonly #chunks: Float32Array[] = [];
  #inRate = 0;
  /** Position of the next output sample's span start, in input samples since the stream began. */
  #nextStart = 0;
  #consumed = 0;
  #acc = 0;
  #accWeight = 0;
  #length = 0;

  constructor(outRate: number) {
    this.outRate = outRate;
  }

  get length(): number {
    return this.#length;
  }

  push(channels: readonly Float32Array[], inRate: number): void {
    if (channels.length === 0 || (channels[0]?.length ?? 0) === 0) return;
    if (this.#inRate === 0) this.#inRate = inRate;
    else if (inRate !== this.#inRate) throw new RangeError(`sample rate changed from ${this.#inRate} to ${inRate}`);
    const n = channels[0]?.length ?? 0;
    const ratio = this.#inRate / this.outRate;
    const mono = new Float32Array(n);
    for (const ch of channels) for (let i = 0; i < n; i += 1) mono[i] = (mono[i] as number) + (ch[i] as number);
    const inv = 1 / channels.length;
    const out = new Float32Array(Math.ceil(n / ratio) + 2);
    let produced = 0;
    let acc = this.#acc;
    let weight = this.#accWeight;
    let spanEnd = this.#nextStart + ratio;
    for (let i = 0; i < n; i += 1) {
      const v = (mono[i] as number) * inv;
      // This input sample covers [pos, pos + 1); output spans are [k·ratio, (k+1)·ratio).
      let from = this.#consumed + i;
      const to = from + 1;
      while (from < to) {
        const upto = to < spanEnd ? to : spanEnd;
        const w = upto - from;
        acc += v * w;
        weight += w;
        from = upto;
        if (upto >= spanEnd - 1e-9) {
          out[produced++] = weight > 0 ? acc / weight : 0;
          acc = 0;
          weight = 0;
          spanEnd += ratio;
        }
      }
    }
    this.#acc = acc;
    this.#accWeight = weight;
    this.#nextStart = spanEnd - ratio;
    this.#consumed += n;
    if (produced > 0) {
      this.#chunks.push(out.slice(0, produced));
      this.#length += produced;
    }
  }

  /** All output so far, as one array. */
  finish(): Float32Array {
    const all = new Float32Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }
}
