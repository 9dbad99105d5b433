import { resolve } from 'node:path';
import type { Box } from '../../../shared/api/index.ts';
import { EmotuneError } from '../../../shared/errors.ts';
import { MESH_LANDMARKS } from '../face-geometry.ts';
import { frameFace, preprocessFace, type GrayImage } from '../preprocess.ts';
import type { Tf } from '../tf-runtime.ts';
import { readModelArtifacts } from './tfjs-model.ts';

/** MediaPipe's face mesh as converted for TensorFlow.js (assets/models/face-mesh): its graph file. */
export const FACE_MESH_FILE = 'facemesh.json';
/** Its input: a square crop of the face, this many pixels a side. */
export const FACE_MESH_INPUT = 192;
/** The crop around a Haar face box that the mesh reads: a square 1.5 times the box, as its own face detector's box is enlarged. */
export const FACE_MESH_FRAMING = { scale: 1.5, shiftY: 0 } as const;

/**
 * The face mesh network: `input` holds n grey crops (FACE_MESH_INPUT² values in [0, 1] each, faceMeshInput);
 * returns per crop 468 landmarks' x, y, z in the crop's pixels. Run in the emotion worker or in a member
 * thread (member-thread.ts), as an ensemble's networks are.
 */
export interface FaceMeshNetwork {
  predict(input: Float32Array, n: number): Promise<Float32Array[]>;
  dispose(): void;
}

/** A face box's crop as the mesh reads it. */
export function faceMeshInput(image: GrayImage, box: Box): Float32Array {
  return preprocessFace(image, box, { inputSize: FACE_MESH_INPUT, inputRange: [0, 1], framing: FACE_MESH_FRAMING });
}

/** The mesh's landmarks (in its crop's pixels) back in the image's pixels. */
export function meshInImage(raw: Float32Array, box: Box): Float32Array {
  if (raw.length !== MESH_LANDMARKS * 3) throw new Error(`the face mesh gave ${raw.length} numbers, not ${MESH_LANDMARKS * 3}`);
  const [left, top, side] = frameFace(box, FACE_MESH_FRAMING);
  const k = side / FACE_MESH_INPUT;
  const points = new Float32Array(raw.length);
  for (let i = 0; i < MESH_LANDMARKS; i += 1) {
    points[3 * i] = left + (raw[3 * i] as number) * k;
    points[3 * i + 1] = top + (raw[3 * i + 1] as number) * k;
    points[3 * i + 2] = (raw[3 * i + 2] as number) * k;
  }
  return points;
}

/**
 * Loads the face mesh (a graph model: 192x192 RGB in [0, 1], 1404 landmark coordinates out) from its folder;
 * a grey crop is fed as three equal channels. Every failure is a `model-load-failed` error naming the folder.
 */
export async function loadFaceMesh(dir: string, tf: Tf): Promise<FaceMeshNetwork> {
  const folder = resolve(dir);
  let model: import('@tensorflow/tfjs').GraphModel;
  try {
    model = await tf.loadGraphModel(tf.io.fromMemory(await readModelArtifacts(folder, FACE_MESH_FILE, tf)));
  } catch (error) {
    throw new EmotuneError('model-load-failed', `face mesh in ${folder}: ${(error as Error).message}`, { cause: error });
  }
  const area = FACE_MESH_INPUT * FACE_MESH_INPUT;
  return {
    async predict(input, n) {
      const output = tf.tidy(() => {
        const grey = tf.tensor4d(input, [n, FACE_MESH_INPUT, FACE_MESH_INPUT, 1]);
        return (model.execute(tf.concat([grey, grey, grey], 3), 'Identity_2:0') as import('@tensorflow/tfjs').Tensor).reshape([n, -1]);
      });
      const all = (await output.data()) as Float32Array;
      output.dispose();
      const per = all.length / Math.max(1, n);
      if (input.length !== n * area || per !== MESH_LANDMARKS * 3) throw new Error(`the face mesh gave ${per} numbers per face, not ${MESH_LANDMARKS * 3}`);
      return Array.from({ length: n }, (_, i) => all.slice(i * per, (i + 1) * per));
    },
    dispose: () => model.dispose(),
  };
}
