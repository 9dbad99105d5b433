/**
 * Tempo accuracy as MIREX reports it: Acc1 counts estimates within 4 % of the true tempo, Acc2 also accepts
 * double and half the tempo (octave errors).
 */
export function tempoHit(estimated: number, truth: number, tolerance = 0.04): { acc1: boolean; acc2: boolean } {
  const near = (t: number): boolean => Math.abs(estimated - t) <= tolerance * t;
  const acc1 = near(truth);
  return { acc1, acc2: acc1 || near(truth * 2) || near(truth / 2) };
}

export function tempoAccuracy(cases: readonly { estimated: number; truth: number }[]): { acc1: number; acc2: number; count: number } {
  const hits = cases.map((c) => tempoHit(c.estimated, c.truth));
  const share = (key: 'acc1' | 'acc2'): number => (cases.length ? hits.filter((h) => h[key]).length / cases.length : 0);
  return { acc1: share('acc1'), acc2: share('acc2'), count: cases.length };
}
