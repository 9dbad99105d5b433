import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../shared/errors.ts';
import type { Box } from '../../shared/api/index.ts';
import { applyTemperature } from './calibration.ts';
import { applyCameraOffset } from './camera-offset.ts';
import type { FromEmotionWorker, ToEmotionWorker } from './emotion.protocol.ts';
import { combineAnswers, memberWeight } from './ensemble.ts';
import { geometryFeatures } from './face-geometry.ts';
import { loadModel, type LoadedModel, type ModelMember } from './models/load-model.ts';
import { MEMBER_ROLE, serveMember, startMemberThread, type MemberThread } from './models/member-thread.ts';
import { load } from './models/tfjs-model.ts';
import { faceMeshInput, FACE_MESH_INPUT, loadFaceMesh, meshInImage, type FaceMeshNetwork } from './models/face-mesh.ts';
import { DEFAULT_FACE_FRAMING, mirrorInput, preprocessFace, type FaceFraming, type GrayImage } from './preprocess.ts';
import { loadTfRuntime } from './tf-runtime.ts';

/**
 * The CNN's thread: loads TensorFlow.js and the model once (one network, or an ensemble's members), then
 * classifies the faces of each frame it is sent, so inference never blocks the main process. Messages are
 * handled one at a time, in order. Started by itself as an ensemble member's thread (`workerData.role`), it
 * serves that one network instead (member-thread.ts).
 */
if (!parentPort) throw new Error('emotion.worker must run as a worker thread');
const port = parentPort;
const isMemberThread = (workerData as { role?: string } | null)?.role === MEMBER_ROLE;

let model: LoadedModel | null = null;
/** The shape measured after the last answer (classify's shape `after`), with its face box: the next answer's. */
let lastShape: { box: Box; geometry: number[] } | null = null;
/** A framing the caller imposes on the first member (evaluation of pre-cropped faces: scale 1), if any. */
let framingOverride: FaceFraming | null = null;
const send = (message: FromEmotionWorker): void => port.postMessage(message);

let queue: Promise<void> = Promise.resolve();
if (isMemberThread) serveMember(port);
else
  port.on('message', (message: ToEmotionWorker) => {
    queue = queue.then(() => handle(message));
  });

async function handle(message: ToEmotionWorker): Promise<void> {
  switch (message.type) {
    case 'load': {
      try {
        const runtime = await loadTfRuntime(message.backend);
        model?.dispose();
        model = null;
        lastShape = null;
        const backend = message.backend;
        // The members after the first, then the face mesh (a face-geometry head's), dealt in turn to up to
        // memberThreads threads, started as they are needed: the mesh then measures a face while the first
        // member, in this thread, classifies it.
        const threads: MemberThread[] = [];
        let dealt = 0;
        const nextThread = (): MemberThread => (threads[dealt++ % Math.max(1, Math.floor(message.memberThreads))] ??= startMemberThread(new URL(import.meta.url), backend));
        const loadOtherMember = (dir: string) => nextThread().load(dir, () => load(dir, runtime.tf));
        const loadMesh = (dir: string) => nextThread().loadMesh(dir, () => loadFaceMesh(dir, runtime.tf));
        model = await loadModel(message.modelDir, runtime.tf, {
          cameraOffset: message.cameraOffset,
          faceMeshDir: message.faceMeshDir,
          ...(message.memberThreads > 0 ? { loadOtherMember, loadMesh } : {}),
        });
        framingOverride = message.framing;
        const n = model.members.length;
        const sideBySide =
          threads.length === 0 ? [] : threads.length === n - 1 ? [`its ${n} networks run side by side, each in a thread of its own`] : [`its ${n} networks run side by side in ${threads.length + 1} threads`];
        send({
          type: 'loaded',
          backend: runtime.backend,
          model: model.name,
          displayName: model.displayName,
          inputSize: model.inputSize,
          notes: [...runtime.notes, ...sideBySide],
        });
      } catch (error) {
        send({ type: 'load-failed', ...toErrorPayload(error) });
      }
      return;
    }
    case 'classify':
    case 'classify-images': {
      if (!model) {
        send({ type: 'classify-failed', id: message.id, message: 'no model loaded' });
        return;
      }
      try {
        const loaded = model;
        const override = message.framing ?? framingOverride;
        // Each face as a box in its image; pre-cropped images are read whole.
        const faces: [GrayImage, Box][] =
          message.type === 'classify'
            ? message.boxes.map((box) => [message.image, box])
            : message.images.map((image) => [image, [0, 0, image.width, image.height]]);
        // Each face's size, on which members' weights and the camera correction depend; each member's weight for
        // each face (an ensemble member may not count on small faces; a lone network's is 1).
        const sides = faces.map(([, box]) => faceSidePx(box, loaded, override));
        const weights = loaded.members.map((m) => sides.map((side) => memberWeight(m, side)));
        // Every member's batch first; then the members run, those in member threads side by side with the
        // first (a member that counts for none of these faces is not run: one for large faces on a face far
        // from the camera, FER-2013's, or one for small faces on a face near it; the first always runs, so a
        // face no member counts for still gets an answer).
        const t0 = performance.now();
        const batches = loaded.members.map((member, k) =>
          k > 0 && weights[k]?.every((w) => w === 0) ? null : memberBatch(member, faces, framingFor(member, loaded, override)),
        );
        // The faces whose shape is asked for (a calibrated listener) and large enough to measure. Measured `now`:
        // handed to the face mesh first, so that in a member thread it measures while the members classify.
        const mesh = loaded.mesh;
        const shape = message.type === 'classify' && mesh ? message.shape : null;
        const measurable = shape ? faces.flatMap((_, i) => ((sides[i] as number) >= (loaded.geometryHead?.minFacePx ?? 0) ? [i] : [])) : [];
        // A frame measured otherwise breaks the chain of frames measured after answering: no stale shape later.
        if (message.type === 'classify' && shape !== 'after') lastShape = null;
        const measure = (indices: number[]): Promise<Float32Array[]> => {
          const area = FACE_MESH_INPUT * FACE_MESH_INPUT;
          const batch = new Float32Array(indices.length * area);
          indices.forEach((i, j) => batch.set(faceMeshInput(...(faces[i] as [GrayImage, Box])), j * area));
          return (mesh as FaceMeshNetwork).predict(batch, indices.length);
        };
        const meshes = shape === 'now' && measurable.length > 0 ? measure(measurable) : Promise.resolve([]);
        meshes.catch(() => {}); // awaited below, after the members; a failure then fails the batch
        const t1 = performance.now();
        const uniform = faces.map(() => new Array<number>(7).fill(1 / 7));
        // Started from the last member: a member in a thread is handed its batch before the first member, in this
        // thread, computes.
        const pending: Promise<number[][]>[] = [];
        for (let k = loaded.members.length - 1; k >= 0; k -= 1) {
          const batch = batches[k];
          pending[k] = !batch ? Promise.resolve(uniform) : faces.length > 0 ? predictMember(loaded.members[k] as ModelMember, batch, faces.length) : Promise.resolve([]);
        }
        const answers = await Promise.all(pending); // [member][face][class]
        const t2 = performance.now();
        const combined = faces.map((_, i) => {
          if (loaded.members.length === 1) return answers[0]?.[i] as number[];
          const w = weights.map((m) => m[i] as number);
          if (w.every((v) => v <= 0)) w[0] = 1; // no member counts for this face: the first answers alone
          return combineAnswers(answers.map((a) => a[i] as number[]), w);
        });
        // Corrected for camera faces where the model has such a correction, and calibrated: the shown
        // confidence, the uncertain gate and the hysteresis all read these.
        const camera = loaded.cameraOffset;
        const out = combined.map((p, i) => {
          const corrected = camera ? applyCameraOffset(p, camera, sides[i] as number) : p;
          return applyTemperature(corrected, loaded.temperature);
        });
        // Each measured face's shape (face-geometry.ts), from its landmarks in the frame; measured `after`: the
        // shape measured after the previous answer, where it is of the same face.
        const geometry: (number[] | null)[] = faces.map(() => null);
        if (shape === 'now') {
          const landmarks = await meshes;
          measurable.forEach((i, j) => (geometry[i] = geometryFeatures(meshInImage(landmarks[j] as Float32Array, (faces[i] as [GrayImage, Box])[1]))));
        } else if (shape === 'after' && lastShape) {
          const previous = lastShape;
          for (const i of measurable) if (sameFace(previous.box, (faces[i] as [GrayImage, Box])[1])) geometry[i] = previous.geometry;
        }
        send({
          type: 'classified',
          id: message.id,
          probabilities: out,
          combined,
          geometry,
          preprocessMs: t1 - t0,
          inferMs: t2 - t1,
          // What measuring the shape added to the frame beyond the members' time (its crops are in preprocessMs).
          meshMs: performance.now() - t2,
        });
        // Measured `after`: the largest measurable face, once the answer is on its way (the camera's next frame
        // comes a frame's time later; the worker takes it when this is done).
        const next = measurable[0];
        if (shape === 'after' && next !== undefined) {
          const box = (faces[next] as [GrayImage, Box])[1];
          await measure([next]).then(
            ([raw]) => {
              if (model === loaded) lastShape = { box, geometry: geometryFeatures(meshInImage(raw as Float32Array, box)) };
            },
            () => {
              lastShape = null;
            },
          );
        }
      } catch (error) {
        send({ type: 'classify-failed', id: message.id, message: (error as Error).message });
      }
      return;
    }
    case 'close':
      model?.dispose();
      model = null;
      port.close();
      return;
  }
}

/**
 * How a member frames a face box. The caller's framing (pre-cropped faces: the image as the model reads it)
 * applies to the first member as it is, and to the others scaled as their own framings are to the first's,
 * so every member sees the part of the face it expects.
 */
function framingFor(member: ModelMember, loaded: LoadedModel, override: FaceFraming | null): FaceFraming {
  const own = member.model.manifest.framing ?? DEFAULT_FACE_FRAMING;
  if (!override) return own;
  const first = (loaded.members[0] as ModelMember).model.manifest.framing ?? DEFAULT_FACE_FRAMING;
  return member === loaded.members[0] ? override : { scale: (override.scale * own.scale) / first.scale, shiftY: own.shiftY };
}

/** The side of the face box (a detector's box, before framing) in the pixels of its image. */
function faceSidePx(box: Box, loaded: LoadedModel, override: FaceFraming | null): number {
  const side = Math.max(box[2], box[3]);
  if (!override) return side;
  const first = (loaded.members[0] as ModelMember).model.manifest.framing ?? DEFAULT_FACE_FRAMING;
  return (side * override.scale) / first.scale;
}

/** The member's input batch: each face framed, resampled and scaled as it expects (with flip TTA: then all mirrored). */
function memberBatch(member: ModelMember, faces: [GrayImage, Box][], framing: FaceFraming): Float32Array {
  const { inputSize, inputRange, flipTta } = member.model.manifest;
  const area = inputSize * inputSize;
  const batch = new Float32Array(faces.length * area * (flipTta ? 2 : 1));
  faces.forEach(([image, box], i) => {
    const input = preprocessFace(image, box, { inputSize, inputRange, framing });
    batch.set(input, i * area);
    if (flipTta) batch.set(mirrorInput(input, inputSize), (faces.length + i) * area);
  });
  return batch;
}

/** The member's answers for n faces: with flip TTA averaged with the mirror images', then its temperature. */
async function predictMember(member: ModelMember, batch: Float32Array, n: number): Promise<number[][]> {
  const { flipTta, temperature } = member.model.manifest;
  const raw = await member.model.predict(batch, n * (flipTta ? 2 : 1));
  const averaged = flipTta ? raw.slice(0, n).map((p, i) => p.map((v, j) => (v + ((raw[n + i] as Float32Array)[j] as number)) / 2)) : raw;
  return averaged.map((p) => applyTemperature(p, temperature));
}

/** Whether two face boxes of consecutive frames are of the same face: centres within half a side, sides within a quarter. */
function sameFace(a: Box, b: Box): boolean {
  const side = Math.max(a[2], a[3], b[2], b[3]);
  const dx = a[0] + a[2] / 2 - (b[0] + b[2] / 2);
  const dy = a[1] + a[3] / 2 - (b[1] + b[3] / 2);
  const ratio = Math.max(a[2], a[3]) / Math.max(1, b[2], b[3]);
  return Math.hypot(dx, dy) <= side / 2 && ratio >= 0.8 && ratio <= 1.25;
}
