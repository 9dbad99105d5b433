import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { GEOMETRY_FEATURES, geometryFeatures, MESH_LANDMARKS } from './face-geometry.ts';

/** A face-like mesh: random points, with the outer eye corners level and apart, the forehead above the nose. */
function mesh(seed = 1, depth = 100): Float64Array {
  const random = seededRandom(seed);
  const points = new Float64Array(MESH_LANDMARKS * 3);
  for (let i = 0; i < points.length; i += 1) points[i] = i % 3 === 2 ? random() * depth : 50 + random() * 100;
  points.set([60, 80, 0], 33 * 3);
  points.set([140, 80, 0], 263 * 3);
  points.set([100, 20, depth / 10], 10 * 3);
  points.set([100, 125, depth / 4], 2 * 3);
  return points;
}

/** The mesh turned in space: `yaw` about the vertical axis, then `pitch` about the horizontal one (radians). */
function turned(points: Float64Array, yaw: number, pitch: number): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < MESH_LANDMARKS; i += 1) {
    const [x, y, z] = [points[3 * i] as number, points[3 * i + 1] as number, points[3 * i + 2] as number];
    const x1 = x * Math.cos(yaw) + z * Math.sin(yaw);
    const z1 = -x * Math.sin(yaw) + z * Math.cos(yaw);
    out.set([x1, y * Math.cos(pitch) - z1 * Math.sin(pitch), y * Math.sin(pitch) + z1 * Math.cos(pitch)], 3 * i);
  }
  return out;
}

/** The mesh moved in the frame: rotated by `angle`, scaled by `k`, shifted. */
function moved(points: Float64Array, angle: number, k: number, dx: number, dy: number): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < MESH_LANDMARKS; i += 1) {
    const x = points[3 * i] as number;
    const y = points[3 * i + 1] as number;
    out[3 * i] = k * (x * Math.cos(angle) - y * Math.sin(angle)) + dx;
    out[3 * i + 1] = k * (x * Math.sin(angle) + y * Math.cos(angle)) + dy;
    out[3 * i + 2] = k * (points[3 * i + 2] as number);
  }
  return out;
}

describe('geometryFeatures', () => {
  it('gives one number per named measure, the same wherever the face is, however large and tilted', () => {
    const face = mesh();
    const features = geometryFeatures(face);
    expect(features).toHaveLength(GEOMETRY_FEATURES.length);
    const elsewhere = geometryFeatures(moved(face, 0.35, 2.7, -40, 300));
    elsewhere.forEach((v, f) => expect(v).toBeCloseTo(features[f] as number, 9));
  });

  it('measures a turned or nodded head as it measures the same face frontal', () => {
    const face = mesh(4);
    const frontal = geometryFeatures(face);
    for (const [yaw, pitch] of [[0.4, 0], [0, 0.3], [-0.35, -0.25]] as const) {
      geometryFeatures(turned(face, yaw, pitch)).forEach((v, f) => expect(v).toBeCloseTo(frontal[f] as number, 9));
    }
    // Seen in the image alone (no depth), a turned head's measures change: the eye line looks shorter.
    const flat = (points: Float64Array): Float64Array => Float64Array.from({ length: MESH_LANDMARKS * 2 }, (_, k) => points[3 * Math.floor(k / 2) + (k % 2)] as number);
    expect(geometryFeatures(flat(turned(face, 0.4, 0)), 2)[0]).not.toBeCloseTo(geometryFeatures(flat(face), 2)[0] as number, 3);
  });

  it('reads landmarks two or three numbers each: the same for a face in the image plane', () => {
    const face = mesh(3, 0);
    const flat = new Float64Array(MESH_LANDMARKS * 2);
    for (let i = 0; i < MESH_LANDMARKS; i += 1) flat.set([face[3 * i] as number, face[3 * i + 1] as number], 2 * i);
    geometryFeatures(flat, 2).forEach((v, f) => expect(v).toBeCloseTo(geometryFeatures(face)[f] as number, 9));
  });

  it('moves the measures an expression moves: lip corners pulled up and apart, brows raised', () => {
    const face = mesh(2);
    face.set([80, 150, 0], 61 * 3);
    face.set([120, 150, 0], 291 * 3);
    const smile = Float64Array.from(face);
    smile.set([74, 144, 0], 61 * 3);
    smile.set([126, 144, 0], 291 * 3);
    const before = geometryFeatures(face);
    const after = geometryFeatures(smile);
    const at = (name: string) => GEOMETRY_FEATURES.indexOf(name as (typeof GEOMETRY_FEATURES)[number]);
    expect(after[at('mouth width')]).toBeGreaterThan(before[at('mouth width')] as number);
    // y grows downwards: corners pulled up lie less far below the nose tip.
    expect(after[at('lip corners below the nose tip')]).toBeLessThan(before[at('lip corners below the nose tip')] as number);
    const raised = Float64Array.from(face);
    for (const i of [70, 63, 105, 66, 107]) raised[3 * i + 1] = (raised[3 * i + 1] as number) - 10;
    expect(geometryFeatures(raised)[at('brow height, right (above the upper lid)')]).toBeLessThan(before[at('brow height, right (above the upper lid)')] as number);
  });

  it('refuses a mesh without its landmarks, or with the eye corners in one place', () => {
    expect(() => geometryFeatures(new Float32Array(30))).toThrow(/468 landmarks/);
    expect(() => geometryFeatures(new Float32Array(MESH_LANDMARKS * 3))).toThrow(/eye corners/);
  });
});
