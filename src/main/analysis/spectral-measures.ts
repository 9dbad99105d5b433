/**
 * Building blocks of the mood descriptors (descriptors.ts), pure: mel filters, Sethares roughness of two
 * partials, small medians and the sums of a band's extreme bins.
 */

/** HTK mel scale. */
const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1);

/** Triangular mel filters over FFT bins 0..bins-1, area-normalised (Slaney), as [firstBin, weights] per band. */
export function melFilters(bins: number, binHz: number, bands: number, maxHz: number): { first: number; weights: Float64Array }[] {
  const top = hzToMel(maxHz);
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHz((top * i) / (bands + 1)));
  return Array.from({ length: bands }, (_, b) => {
    const lo = edges[b] as number;
    const mid = edges[b + 1] as number;
    const hi = edges[b + 2] as number;
    const first = Math.max(1, Math.floor(lo / binHz));
    const last = Math.min(bins - 1, Math.ceil(hi / binHz));
    const weights = new Float64Array(Math.max(0, last - first + 1));
    const norm = 2 / (hi - lo);
    for (let k = first; k <= last; k += 1) {
      const hz = k * binHz;
      const w = hz <= mid ? (hz - lo) / (mid - lo) : (hi - hz) / (hi - mid);
      weights[k - first] = Math.max(0, w) * norm;
    }
    return { first, weights };
  });
}

/** Sethares (1993) dissonance of two partials at f1 ≤ f2 with amplitudes a1, a2. */
export function partialRoughness(f1: number, f2: number, a1: number, a2: number): number {
  const s = 0.24 / (0.021 * f1 + 19);
  const d = f2 - f1;
  return a1 * a2 * (Math.exp(-3.5 * s * d) - Math.exp(-5.75 * s * d));
}

/** The median of the first `count` values (an insertion sort in `scratch`: the windows hold 7 to 17 values). */
export function median(values: Float64Array, scratch: Float64Array, count: number): number {
  for (let i = 0; i < count; i += 1) {
    const v = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (scratch[j] as number) > v) {
      scratch[j + 1] = scratch[j] as number;
      j -= 1;
    }
    scratch[j + 1] = v;
  }
  return count % 2 === 1 ? (scratch[count >> 1] as number) : ((scratch[(count >> 1) - 1] as number) + (scratch[count >> 1] as number)) / 2;
}

/**
 * Sums of the `take` smallest and the `take` largest values of power[from..to), kept in two small sorted
 * buffers as the band is read once (a 2 % quantile is at most 9 bins here: cheaper than sorting the band).
 */
export function extremeSums(
  power: ArrayLike<number>,
  from: number,
  to: number,
  take: number,
  low: Float64Array,
  high: Float64Array,
): { low: number; high: number } {
  let lows = 0;
  let highs = 0;
  for (let k = from; k < to; k += 1) {
    const v = power[k] as number;
    // low: ascending, the smallest `take` so far.
    if (lows < take || v < (low[lows - 1] as number)) {
      let j = Math.min(lows, take - 1) - 1;
      while (j >= 0 && (low[j] as number) > v) {
        low[j + 1] = low[j] as number;
        j -= 1;
      }
      low[j + 1] = v;
      if (lows < take) lows += 1;
    }
    // high: descending, the largest `take` so far.
    if (highs < take || v > (high[highs - 1] as number)) {
      let j = Math.min(highs, take - 1) - 1;
      while (j >= 0 && (high[j] as number) < v) {
        high[j + 1] = high[j] as number;
        j -= 1;
      }
      high[j + 1] = v;
      if (highs < take) highs += 1;
    }
  }
  let lowSum = 0;
  let highSum = 0;
  for (let i = 0; i < lows; i += 1) lowSum += low[i] as number;
  for (let i = 0; i < highs; i += 1) highSum += high[i] as number;
  return { low: lowSum, high: highSum };
}
