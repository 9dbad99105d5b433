import { confidenceWeight, regionFit, type MoodTarget } from './mood-space.ts';

/** One song's place in the valence–arousal plane, as the index is built from. */
export interface MoodPoint {
  id: number;
  valence: number;
  arousal: number;
  /** The music model's confidence in the song's mood, 0.25 … 1. */
  confidence: number;
  /** Lower-cased artist, for "no artist twice"; null when unknown (such songs never clash). */
  artist: string | null;
}

/**
 * Every song's mood point in typed arrays, so a recommendation scores a million songs in one tight loop with
 * no objects and no spread (a `Math.min(...values)` over 125k+ songs overflows the stack). Built once per
 * library change; read-only after.
 */
export class MoodIndex {
  readonly size: number;
  readonly ids: Int32Array;
  readonly valence: Float32Array;
  readonly arousal: Float32Array;
  readonly weight: Float32Array;
  /** Interned artist per song; -1 when unknown. */
  readonly artist: Int32Array;
  readonly #positionOf = new Map<number, number>();

  constructor(points: Iterable<MoodPoint>, sizeHint = 0) {
    let capacity = Math.max(16, sizeHint);
    let ids = new Int32Array(capacity);
    let valence = new Float32Array(capacity);
    let arousal = new Float32Array(capacity);
    let weight = new Float32Array(capacity);
    let artist = new Int32Array(capacity);
    const artists = new Map<string, number>();
    let n = 0;
    for (const p of points) {
      if (n === capacity) {
        capacity *= 2;
        const grow = <T extends Int32Array | Float32Array>(old: T, make: (size: number) => T): T => {
          const next = make(capacity);
          next.set(old);
          return next;
        };
        ids = grow(ids, (s) => new Int32Array(s));
        valence = grow(valence, (s) => new Float32Array(s));
        arousal = grow(arousal, (s) => new Float32Array(s));
        weight = grow(weight, (s) => new Float32Array(s));
        artist = grow(artist, (s) => new Int32Array(s));
      }
      ids[n] = p.id;
      valence[n] = p.valence;
      arousal[n] = p.arousal;
      weight[n] = confidenceWeight(p.confidence);
      let a = -1;
      if (p.artist) {
        a = artists.get(p.artist) ?? artists.size;
        if (a === artists.size) artists.set(p.artist, a);
      }
      artist[n] = a;
      this.#positionOf.set(p.id, n);
      n += 1;
    }
    this.size = n;
    this.ids = ids.subarray(0, n);
    this.valence = valence.subarray(0, n);
    this.arousal = arousal.subarray(0, n);
    this.weight = weight.subarray(0, n);
    this.artist = artist.subarray(0, n);
  }

  positionOf(id: number): number | undefined {
    return this.#positionOf.get(id);
  }

  /** The base score of the song at `position` for a target: region fit × confidence weight. */
  score(position: number, target: MoodTarget): number {
    return regionFit(target, this.valence[position] as number, this.arousal[position] as number) * (this.weight[position] as number);
  }

  /**
   * The `m` best-scoring positions for a target, best first (ties by song id), found with a fixed-size
   * min-heap: one pass, O(n log m), no sort of the whole library.
   */
  top(target: MoodTarget, m: number): { position: number; score: number }[] {
    const size = Math.min(m, this.size);
    if (size <= 0) return [];
    const heapScore = new Float64Array(size);
    const heapPos = new Int32Array(size);
    let count = 0;
    const { valence, arousal, weight, ids } = this;
    const tv = target.valence;
    const ta = target.arousal;
    const iv = 1 / target.radiusValence;
    const ia = 1 / target.radiusArousal;
    // Heap order: lower score first; equal scores, the higher id first (so the lower id survives).
    const less = (i: number, j: number): boolean =>
      (heapScore[i] as number) < (heapScore[j] as number) ||
      ((heapScore[i] as number) === (heapScore[j] as number) && (ids[heapPos[i] as number] as number) > (ids[heapPos[j] as number] as number));
    const swap = (i: number, j: number): void => {
      const s = heapScore[i] as number;
      heapScore[i] = heapScore[j] as number;
      heapScore[j] = s;
      const p = heapPos[i] as number;
      heapPos[i] = heapPos[j] as number;
      heapPos[j] = p;
    };
    const siftDown = (start: number): void => {
      let i = start;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < count && less(l, smallest)) smallest = l;
        if (r < count && less(r, smallest)) smallest = r;
        if (smallest === i) return;
        swap(i, smallest);
        i = smallest;
      }
    };
    for (let p = 0; p < this.size; p += 1) {
      const dv = ((valence[p] as number) - tv) * iv;
      const da = ((arousal[p] as number) - ta) * ia;
      const s = Math.exp(-0.5 * (dv * dv + da * da)) * (weight[p] as number);
      if (count < size) {
        heapScore[count] = s;
        heapPos[count] = p;
        count += 1;
        for (let i = count - 1; i > 0; ) {
          const parent = (i - 1) >> 1;
          if (!less(i, parent)) break;
          swap(i, parent);
          i = parent;
        }
      } else if (s > (heapScore[0] as number) || (s === heapScore[0] && (ids[p] as number) < (ids[heapPos[0] as number] as number))) {
        heapScore[0] = s;
        heapPos[0] = p;
        siftDown(0);
      }
    }
    const out = Array.from({ length: count }, (_, i) => ({ position: heapPos[i] as number, score: heapScore[i] as number }));
    return out.sort((a, b) => b.score - a.score || (ids[a.position] as number) - (ids[b.position] as number));
  }
}

export interface Candidate {
  position: number;
  score: number;
}

/** Each song of an artist already in the list halves the next one's score (soft diversity). */
export const REPEAT_ARTIST_FACTOR = 0.5;

/**
 * Picks `k` candidates, greedily by score, where each song by an artist already chosen counts half as much
 * per song of theirs in the list: no artist twice while another song fits at least half as well, and a
 * repeat rather than a song that hardly fits. Songs in `avoid` (played in the last lists) come only when
 * nothing else is left. `already`: songs chosen before (lift mode picks one step at a time), whose artists
 * count too. Candidates must be sorted best first.
 */
export function pickDiverse(
  index: MoodIndex,
  candidates: readonly Candidate[],
  k: number,
  avoid: ReadonlySet<number>,
  already: readonly Candidate[] = [],
): Candidate[] {
  const chosen: Candidate[] = [];
  const taken = new Set<number>(already.map((c) => c.position));
  const artistCount = new Map<number, number>();
  const count = (c: Candidate): void => {
    const a = index.artist[c.position] as number;
    if (a >= 0) artistCount.set(a, (artistCount.get(a) ?? 0) + 1);
  };
  already.forEach(count);
  for (const allowAvoided of [false, true]) {
    while (chosen.length < k) {
      let best: Candidate | null = null;
      let bestScore = -1;
      for (const c of candidates) {
        if (taken.has(c.position) || (!allowAvoided && avoid.has(index.ids[c.position] as number))) continue;
        const score = c.score * REPEAT_ARTIST_FACTOR ** (artistCount.get(index.artist[c.position] as number) ?? 0);
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
      if (!best) break;
      chosen.push(best);
      taken.add(best.position);
      count(best);
    }
  }
  return chosen;
}
