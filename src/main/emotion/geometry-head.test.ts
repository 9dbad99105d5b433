import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { softmax } from './calibration.ts';
import { applyGeometryHead, chooseGeometryCalibration, crossFitGeometryHead, fitGeometryHeadOnPhotos, GEOMETRY_RESTING_WEIGHTS, fitGeometryHead, geometryHeadReference, geometryRestingOffset, type GeometryHeadParams, type GeometryPhoto } from './geometry-head.ts';

const NEUTRAL = 6;
const REFERENCE = [0.1, 0.02, 0.08, 0.1, 0.18, 0.03, 0.49];

/**
 * People whose faces the networks read poorly (an answer only slightly towards the truth) but whose shape moves
 * with their expression: feature 0 up for happy (3), down for sad (4), feature 1 up for surprise (5); each
 * person's resting shape is their own (a different baseline per person).
 */
function people(n: number, seed = 7): GeometryPhoto[] {
  const random = seededRandom(seed);
  const photos: GeometryPhoto[] = [];
  for (let p = 0; p < n; p += 1) {
    const base = [random() * 2, random() * 2, random()];
    for (const label of [3, 4, 5, NEUTRAL, NEUTRAL, 3, 4, 5, NEUTRAL]) {
      const logits = REFERENCE.map((r, c) => Math.log(r) + (c === label ? 0.3 : 0) + (random() - 0.5) * 0.5);
      const move = [label === 3 ? 0.5 : label === 4 ? -0.5 : 0, label === 5 ? 0.5 : 0, 0];
      photos.push({ group: `P${p}`, label, combined: softmax(logits), geometry: base.map((b, f) => b + (move[f] as number) + (random() - 0.5) * 0.1) });
    }
  }
  return photos;
}

describe('the face-geometry head', () => {
  it('with no weights is the model\'s answer rescaled and offset', () => {
    const head: GeometryHeadParams = { scale: 0.5, offset: [1, 0, 0, 0, 0, 0, 0], featureMean: [0, 0], featureSpread: [1, 1], weights: [[0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]] };
    const p = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4];
    const expected = softmax(p.map((v, c) => 0.5 * Math.log(v) + (c === 0 ? 1 : 0)));
    applyGeometryHead(p, [3, 4], [1, 2], head).forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 12));
    expect(() => applyGeometryHead(p, [3], [1, 2], head)).toThrow(/2 features/);
    // A typical resting face (no movement) through a head without weights: the reference, rescaled and offset.
    geometryHeadReference(p, head).forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 12));
  });

  it('learns which movements mean which expression, from each person\'s own resting shape', () => {
    const photos = people(8);
    const rows = photos.map((p) => {
      const rest = photos.filter((q) => q.group === p.group && q.label === NEUTRAL);
      const resting = p.geometry.map((_, f) => rest.reduce((s, q) => s + (q.geometry[f] as number), 0) / rest.length);
      return { probabilities: p.combined, delta: p.geometry.map((v, f) => v - (resting[f] as number)), label: p.label };
    });
    const head = fitGeometryHead(rows);
    expect(head.weights).toHaveLength(3);
    // Feature 0 (standardised) pushes towards happy and away from sad; feature 1 towards surprise.
    expect(head.weights[0]?.[3]).toBeGreaterThan(0.5);
    expect(head.weights[0]?.[4]).toBeLessThan(-0.5);
    expect(head.weights[1]?.[5]).toBeGreaterThan(0.5);
    const right = rows.filter((r) => {
      const a = applyGeometryHead(r.probabilities, [...r.delta], [0, 0, 0], head);
      return a.indexOf(Math.max(...a)) === r.label;
    }).length;
    const plain = rows.filter((r) => r.probabilities.indexOf(Math.max(...r.probabilities)) === r.label).length;
    expect(right).toBeGreaterThan(plain);
  });

  it('is scored leave one person out, each person calibrated with their other neutral photos only', () => {
    const photos = [...people(6), { group: 'lonely', label: 3, combined: REFERENCE, geometry: [0, 0, 0] }];
    const { answers, weights } = crossFitGeometryHead(photos, REFERENCE, NEUTRAL);
    expect(weights.get('P0')).toBe(0.5);
    // A person without a neutral photo has nothing to calibrate with.
    expect(answers.at(-1)).toBeNull();
    const scored = photos.slice(0, -1).map((p, i) => ({ p, a: answers[i] as number[] }));
    expect(scored.every((s) => s.a !== null)).toBe(true);
    const right = scored.filter((s) => s.a.indexOf(Math.max(...s.a)) === s.p.label).length;
    expect(right / scored.length).toBeGreaterThan(0.8);
    // A head given is used as it is (another set's photos).
    const head = fitGeometryHead([{ probabilities: REFERENCE, delta: [0, 0, 0], label: NEUTRAL }, { probabilities: REFERENCE, delta: [1, 0, 0], label: 3 }]);
    const shipped = crossFitGeometryHead(photos, REFERENCE, NEUTRAL, { head }).answers;
    expect(shipped.filter((a) => a !== null)).toHaveLength(scored.length);
  });

  it('fits the shipped head on every person\'s photos, and needs people with two neutral photos', () => {
    expect(fitGeometryHeadOnPhotos(people(4), NEUTRAL).weights).toHaveLength(3);
    expect(() => fitGeometryHeadOnPhotos([{ group: 'a', label: NEUTRAL, combined: REFERENCE, geometry: [0] }], NEUTRAL)).toThrow(/two neutral photos/);
  });

  it('chooses the resting weight on the other people alone when asked (nested)', () => {
    const photos = people(5, 11);
    const whole = chooseGeometryCalibration(photos, REFERENCE, NEUTRAL);
    expect(GEOMETRY_RESTING_WEIGHTS).toContain(whole.weight);
    expect(whole.temperature).toBeGreaterThan(0.2);
    const { answers, weights, temperatures } = crossFitGeometryHead(photos, REFERENCE, NEUTRAL, { weight: 'chosen' });
    expect([...weights.keys()].sort()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
    // Each person's weight and temperature are the ones chosen without them.
    const withoutP2 = chooseGeometryCalibration(photos.filter((p) => p.group !== 'P2'), REFERENCE, NEUTRAL);
    expect(weights.get('P2')).toBe(withoutP2.weight);
    expect(temperatures.get('P2')).toBe(withoutP2.temperature);
    expect(answers.every((a) => a !== null)).toBe(true);
  });

  it('aims the listener\'s resting face at a typical one through the head, at the weight asked', () => {
    const head = fitGeometryHead(people(4).map((p) => ({ probabilities: p.combined, delta: p.geometry, label: p.label })));
    const sadRest = [{ combined: [0.05, 0.01, 0.04, 0.05, 0.5, 0.05, 0.3], geometry: [1, 1, 0.5] }];
    const full = geometryRestingOffset(sadRest, [1, 1, 0.5], REFERENCE, head, 1);
    const half = geometryRestingOffset(sadRest, [1, 1, 0.5], REFERENCE, head, 0.5);
    half.forEach((v, c) => expect(v).toBeCloseTo((full[c] as number) / 2, 12));
    const read = applyGeometryHead(sadRest[0]!.combined, [1, 1, 0.5], [1, 1, 0.5], head);
    const corrected = softmax(read.map((v, c) => Math.log(v) + (full[c] as number)));
    geometryHeadReference(REFERENCE, head).forEach((v, c) => expect(corrected[c]).toBeCloseTo(v, 9));
  });
});
