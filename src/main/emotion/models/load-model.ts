import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmotuneError } from '../../../shared/errors.ts';
import type { FaceSizeWeight } from '../ensemble.ts';
import { memberFolder } from '../model-folder.ts';
import { AnyModelManifestSchema, MANIFEST_FILE, type AnyModelManifest, type CameraOffset, type GeometryHead } from '../model-manifest.ts';
import { loadFaceMesh, type FaceMeshNetwork } from './face-mesh.ts';
import type { Tf } from '../tf-runtime.ts';
import { load, type EmotionModel } from './tfjs-model.ts';

/** One network of a loaded model folder, with its share of the vote and the face sizes it counts on (model-manifest.ts, ensembles). */
export interface ModelMember extends FaceSizeWeight {
  model: EmotionModel;
}

/** A model folder as the emotion worker runs it: one network, or the members of an ensemble. */
export interface LoadedModel {
  name: string;
  displayName: string;
  /** The ensemble's own temperature (a single network's is in its member's manifest). */
  temperature: number;
  /** The correction of answers on camera faces (an ensemble's manifest may have one), or null. */
  cameraOffset: CameraOffset | null;
  /** The face-geometry head (an ensemble's manifest may have one), or null. */
  geometryHead: GeometryHead | null;
  /** The face mesh that measures faces' shapes: the head's, or one asked for (to fit a head), else null. */
  mesh: FaceMeshNetwork | null;
  /** The largest input any member takes (what the status reports). */
  inputSize: number;
  members: ModelMember[];
  dispose(): void;
}

/**
 * Loads a model folder: a network (tfjs-model.ts), or an ensemble whose members are sibling folders of
 * networks. Every failure, a member's included, is a `model-load-failed` error naming the folder.
 */
export async function loadModel(
  dir: string,
  tf: Tf,
  options: {
    cameraOffset?: boolean;
    /** A face mesh folder to load even where the model has no face-geometry head (to fit one). */
    faceMeshDir?: string | null;
    /** Loads an ensemble's members after the first elsewhere (in member threads: member-thread.ts). */
    loadOtherMember?: (memberDir: string) => Promise<EmotionModel>;
    /** Loads the face mesh elsewhere (a member thread), beside the members. */
    loadMesh?: (meshDir: string) => Promise<FaceMeshNetwork>;
  } = {},
): Promise<LoadedModel> {
  const folder = resolve(dir);
  let manifest: AnyModelManifest;
  try {
    manifest = AnyModelManifestSchema.parse(JSON.parse(await readFile(join(folder, MANIFEST_FILE), 'utf8')));
  } catch (error) {
    throw new EmotuneError('model-load-failed', `emotion model in ${folder}: ${MANIFEST_FILE} is missing or invalid (${(error as Error).message})`, { cause: error });
  }
  if (manifest.format !== 'ensemble') {
    const model = await load(folder, tf, manifest);
    return {
      name: model.manifest.name,
      displayName: model.manifest.displayName,
      temperature: 1,
      cameraOffset: null,
      geometryHead: null,
      mesh: null,
      inputSize: model.manifest.inputSize,
      members: [{ model, weight: 1, minFacePx: 0, fullFacePx: 0 }],
      dispose: () => model.dispose(),
    };
  }
  const dirs = manifest.members.map((member) => memberFolder(folder, member));
  const fail = (error: unknown): never => {
    if (error instanceof EmotuneError) throw new EmotuneError('model-load-failed', `ensemble ${folder}: ${error.message}`, { cause: error });
    throw error;
  };
  if (dirs.includes(folder)) fail(new EmotuneError('model-load-failed', `emotion model in ${folder}: an ensemble cannot hold itself`));
  // Members loaded elsewhere (member threads) load while this thread loads the others, one after another
  // (a member must be a network: load() reads only network manifests); the face mesh, where the model has a
  // face-geometry head (or one is asked for), loads beside them, after the members in its thread.
  let local: Promise<unknown> = Promise.resolve();
  const loadHere = <T>(start: () => Promise<T>): Promise<T> => {
    const next = local.then(start);
    local = next.catch(() => {});
    return next;
  };
  const pending = dirs.map((dir, k) => (k > 0 && options.loadOtherMember ? options.loadOtherMember(dir) : loadHere(() => load(dir, tf))));
  const head = manifest.geometryHead ?? null;
  const meshDir = options.faceMeshDir ?? (head ? memberFolder(folder, { model: head.meshModel }) : null);
  const pendingMesh = meshDir ? (options.loadMesh ? options.loadMesh(meshDir) : loadHere(() => loadFaceMesh(meshDir, tf))) : Promise.resolve(null);
  const [loaded, [meshLoaded]] = await Promise.all([Promise.allSettled(pending), Promise.allSettled([pendingMesh])]);
  const models = loaded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const mesh = meshLoaded?.status === 'fulfilled' ? meshLoaded.value : null;
  const failed = [...loaded, meshLoaded].find((r): r is PromiseRejectedResult => r?.status === 'rejected');
  if (failed) {
    for (const model of models) model.dispose();
    mesh?.dispose();
    fail(failed.reason);
  }
  const members: ModelMember[] = manifest.members.map((member, k) => ({ ...member, model: models[k] as EmotionModel }));
  return {
    name: manifest.name,
    displayName: manifest.displayName,
    temperature: manifest.temperature,
    // Left out on request: answers without it are what a correction is fitted (or cross-fitted) on.
    cameraOffset: options.cameraOffset === false ? null : (manifest.cameraOffset ?? null),
    inputSize: Math.max(...members.map((m) => m.model.manifest.inputSize)),
    geometryHead: head,
    mesh,
    members,
    dispose: () => {
      members.forEach((m) => m.model.dispose());
      mesh?.dispose();
    },
  };
}
