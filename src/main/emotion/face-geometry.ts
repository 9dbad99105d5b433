/**
 * The shape of a face, in numbers that change with its expression and not with where the face is in the frame,
 * how large it is or how the head is turned, nodded or tilted: from the 468 landmarks of MediaPipe's face mesh
 * (face-mesh.ts) and their depth, measured in the face's own axes (the eye line across, forehead to nose down),
 * as ratios of distances. Each measures a movement of the
 * Facial Action Coding System's kind (brows raised or drawn together, eyes widened, lip corners pulled up or
 * down, the mouth opened or stretched, the upper lip raised). A person's face at rest has its own values
 * (thick brows, a wide mouth): what tells their expression is how far a face has moved from their own resting
 * face (geometry-head.ts). Pure.
 */

/** The mesh's landmark indices used (MediaPipe face mesh topology; "right"/"left" as seen in the image). */
const L = {
  eyeOuterR: 33,
  eyeInnerR: 133,
  lidUpperR: 159,
  lidLowerR: 145,
  eyeInnerL: 362,
  eyeOuterL: 263,
  lidUpperL: 386,
  lidLowerL: 374,
  browR: [70, 63, 105, 66, 107],
  browInnerR: 107,
  browL: [300, 293, 334, 296, 336],
  browInnerL: 336,
  mouthCornerR: 61,
  mouthCornerL: 291,
  lipUpperInner: 13,
  lipLowerInner: 14,
  lipUpperOuter: 0,
  lipLowerOuter: 17,
  noseTip: 1,
  noseBase: 2,
  forehead: 10,
  alaR: 98,
  alaL: 327,
  chin: 152,
} as const;

/** The landmarks a face mesh must have. */
export const MESH_LANDMARKS = 468;

/** What each feature measures, in the order geometryFeatures returns them. */
export const GEOMETRY_FEATURES = [
  'brow height, right (above the upper lid)',
  'brow height, left',
  'inner brow height, right (above the inner eye corner)',
  'inner brow height, left',
  'gap between the inner brows',
  'eye opening, right (lid to lid over the eye width)',
  'eye opening, left',
  'mouth width',
  'mouth opening (between the lips)',
  'lip corners below the mouth centre',
  'upper lip below the nose',
  'nose tip to chin (jaw drop)',
  'nostril width',
  'lower lip to chin',
  'lip corners below the nose tip',
  'lip height, outer edges',
] as const;

/**
 * The features of one face mesh: `points` holds x, y (and, with `stride` 3, z, the depth in the same units) per
 * landmark, in any pixel frame whose y grows downwards. Distances are in units of the distance between the outer
 * eye corners. With depth, the measures are taken in the face's axes in space (a turned or nodded head reads as
 * a frontal one); without, in the image with the eye line levelled.
 */
export function geometryFeatures(points: ArrayLike<number>, stride: 2 | 3 = 3): number[] {
  if (points.length < MESH_LANDMARKS * stride) throw new Error(`a face mesh has ${MESH_LANDMARKS} landmarks; got ${Math.floor(points.length / stride)}`);
  const p = (i: number): [number, number, number] => [points[i * stride] as number, points[i * stride + 1] as number, stride === 3 ? (points[i * stride + 2] as number) : 0];
  const origin = p(L.eyeOuterR);
  const sub = (a: readonly number[], b: readonly number[]): [number, number, number] => [(a[0] as number) - (b[0] as number), (a[1] as number) - (b[1] as number), (a[2] as number) - (b[2] as number)];
  const dot = (a: readonly number[], b: readonly number[]): number => (a[0] as number) * (b[0] as number) + (a[1] as number) * (b[1] as number) + (a[2] as number) * (b[2] as number);
  const unit = (a: [number, number, number]): [number, number, number] => {
    const n = Math.hypot(...a);
    if (!(n > 0)) throw new Error('a face mesh with both outer eye corners in one place');
    return [a[0] / n, a[1] / n, a[2] / n];
  };
  // The face's own axes: across, along the eye line; down, from the top of the forehead towards the base of
  // the nose, square to it. With the landmarks' depth (stride 3) these are axes in space, so a head turned or
  // nodded is measured as if it faced the camera; without depth, the eye line is levelled in the image.
  const across = unit(stride === 3 ? sub(p(L.eyeOuterL), origin) : [...sub(p(L.eyeOuterL), origin).slice(0, 2), 0] as [number, number, number]);
  let down: [number, number, number];
  if (stride === 3) {
    const v = sub(p(L.noseBase), p(L.forehead));
    const along = dot(v, across);
    down = unit([v[0] - along * across[0], v[1] - along * across[1], v[2] - along * across[2]]);
  } else {
    down = [-across[1], across[0], 0];
  }
  // Landmark i in the face's axes, from the right eye's outer corner.
  const at = (i: number): [number, number] => {
    const q = sub(p(i), origin);
    return [dot(q, across), dot(q, down)];
  };
  const y = (i: number): number => at(i)[1];
  const meanY = (ids: readonly number[]): number => ids.reduce((s, i) => s + y(i), 0) / ids.length;
  const d = (i: number, j: number): number => {
    const [x1, y1] = at(i);
    const [x2, y2] = at(j);
    return Math.hypot(x1 - x2, y1 - y2);
  };
  const iod = d(L.eyeOuterR, L.eyeOuterL);
  if (!(iod > 0)) throw new Error('a face mesh with both outer eye corners in one place');
  const corners = (y(L.mouthCornerR) + y(L.mouthCornerL)) / 2;
  return [
    (meanY(L.browR) - y(L.lidUpperR)) / iod,
    (meanY(L.browL) - y(L.lidUpperL)) / iod,
    (y(L.browInnerR) - y(L.eyeInnerR)) / iod,
    (y(L.browInnerL) - y(L.eyeInnerL)) / iod,
    d(L.browInnerR, L.browInnerL) / iod,
    d(L.lidUpperR, L.lidLowerR) / d(L.eyeOuterR, L.eyeInnerR),
    d(L.lidUpperL, L.lidLowerL) / d(L.eyeInnerL, L.eyeOuterL),
    d(L.mouthCornerR, L.mouthCornerL) / iod,
    d(L.lipUpperInner, L.lipLowerInner) / iod,
    (corners - (y(L.lipUpperInner) + y(L.lipLowerInner)) / 2) / iod,
    d(L.noseBase, L.lipUpperOuter) / iod,
    d(L.noseTip, L.chin) / iod,
    d(L.alaR, L.alaL) / iod,
    d(L.lipLowerOuter, L.chin) / iod,
    (corners - y(L.noseTip)) / iod,
    d(L.lipUpperOuter, L.lipLowerOuter) / iod,
  ];
}
