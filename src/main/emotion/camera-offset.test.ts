import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { applyCameraOffset, cameraReference, cameraWeight, chooseRestingWeight, crossFitCameraOffset, crossFitRestingWeight, fitCameraOffset, restingCalibratedHits } from './camera-offset.ts';

const softmax = (z: number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/**
 * Faces whose expression is drawn from true probabilities softmax(t) (so t is calibrated), answered by a model
 * whose logits are t/T + bias: too sure or too unsure, and biased.
 */
function biasedAnswers(n: number, bias: number[], temperature: number, seed = 3) {
  const random = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows: { probabilities: number[]; label: number; group: string; sidePx: number }[] = [];
  for (let i = 0; i < n; i += 1) {
    const truth = Array.from({ length: 7 }, () => 1.5 * gauss());
    const p = softmax(truth);
    let u = random();
    let label = 0;
    while (label < 6 && u > (p[label] as number)) u -= p[label++] as number;
    rows.push({ probabilities: softmax(truth.map((v, c) => v / temperature + (bias[c] as number))), label, group: `p${i % 10}`, sidePx: 200 });
  }
  return rows;
}

describe('the camera-face correction', () => {
  const camera = { offset: [0, 0, 1, 0, 0, 0, -1], temperature: 0.5, minFacePx: 48, fullFacePx: 96 };

  it('applies in full to large faces, not at all to small ones, and linearly between', () => {
    const p = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4];
    expect(applyCameraOffset(p, camera, 40)).toEqual(p);
    expect(cameraWeight(camera, 72)).toBeCloseTo(0.5);
    const full = applyCameraOffset(p, camera, 500);
    expect(full.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // logits log p / 0.5 + offset: fear gains, neutral loses.
    const expected = softmax(p.map((v, c) => Math.log(v) * 2 + (camera.offset[c] as number)));
    full.forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 12));
    const half = applyCameraOffset(p, camera, 72);
    expect(half[2]).toBeGreaterThan(p[2] as number);
    expect(half[2]).toBeLessThan(full[2] as number);
    expect(cameraReference(p, null)).toEqual(p);
    expect(cameraReference(p, camera)).toEqual(full);
  });

  it('recovers a known bias and temperature from answers on faces of known expression', () => {
    const bias = [0, 0.3, -1, 0.2, 0.6, -0.8, 1.2];
    const rows = biasedAnswers(6000, bias, 2);
    const fit = fitCameraOffset(rows.map((r) => r.probabilities), rows.map((r) => r.label), 7, 1e-6);
    expect(fit.temperature).toBeCloseTo(0.5, 1);
    // The offset undoes the bias (scaled by 1/T), up to a constant shared by all classes.
    const undone = fit.offset.map((o, c) => o + (bias[c] as number) / fit.temperature);
    const meanUndone = undone.reduce((a, b) => a + b, 0) / 7;
    for (const u of undone) expect(Math.abs(u - meanUndone)).toBeLessThan(0.2);
  });

  it('counts each expression alike: a set with few of one class does not learn to avoid it', () => {
    const rows = biasedAnswers(1400, [0, 0, 0, 0, 0, 0, 0], 1).filter((r, i) => r.label !== 6 || i % 10 === 0);
    const fit = fitCameraOffset(rows.map((r) => r.probabilities), rows.map((r) => r.label));
    expect(Math.abs(fit.offset[6] as number)).toBeLessThan(0.2);
  });

  it('cross-fits by person: each group corrected by a fit that never saw it', () => {
    const rows = biasedAnswers(700, [0, 0, -1, 0, 0, -1, 1.5], 1);
    const { corrected, fits } = crossFitCameraOffset(rows, { minFacePx: 48, fullFacePx: 96 });
    expect(fits.size).toBe(10);
    const accuracy = (answers: readonly (readonly number[])[]) => answers.filter((p, i) => p.indexOf(Math.max(...p)) === rows[i]?.label).length / rows.length;
    expect(accuracy(corrected)).toBeGreaterThan(accuracy(rows.map((r) => r.probabilities)) + 0.05);
  });

  it('scores calibration to the resting face per person, each photo with an offset from their other neutral photos', () => {
    // A person whose every answer leans sad (logit +1.5): their neutral photos read sad; calibrating fixes it.
    const lean = (label: number): number[] => softmax(Array.from({ length: 7 }, (_, c) => (c === label ? 2 : 0) + (c === 4 ? 2.5 : 0)));
    const labels = [6, 6, 6, 0, 1, 2, 3, 5, 4];
    const person = { answers: labels.map(lean), labels, reference: softmax([0, 0, 0, 0, 0, 0, 2]) };
    const plain = restingCalibratedHits(person, 0, 6);
    const calibrated = restingCalibratedHits(person, 1, 6);
    expect(plain.total).toBe(9);
    expect(calibrated.right).toBeGreaterThan(plain.right);
    expect(chooseRestingWeight([person], 6)).toBeGreaterThan(0);
    // Nobody's resting face to learn from: nothing counted, and the weight stays the plain method's (1).
    expect(restingCalibratedHits({ ...person, labels: labels.map(() => 0) }, 1, 6)).toEqual({ right: 0, total: 0 });
    expect(chooseRestingWeight([{ ...person, labels: labels.map(() => 0) }], 6)).toBe(1);
  });

  it('chooses each person\'s resting weight without them', () => {
    const rows = biasedAnswers(700, [0, 0, -1, 0, 0, -1, 1.5], 1);
    const weights = crossFitRestingWeight(rows, [0.1, 0.05, 0.05, 0.1, 0.15, 0.05, 0.5], { minFacePx: 48, fullFacePx: 96 }, 6);
    expect([...weights.keys()].sort()).toEqual([...new Set(rows.map((r) => r.group))].sort());
    for (const w of weights.values()) expect([0, 0.25, 0.5, 0.75, 1]).toContain(w);
  });
});
