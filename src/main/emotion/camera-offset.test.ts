import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { applyCameraOffset, cameraReference, cameraWeight, crossFitCameraOffset, fitCameraOffset } from './camera-offset.ts';

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
    expect(cameraReference(p, { ...camera, fittedOn: 'x' })).toEqual(full);
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
});
