import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AnyModelManifestSchema, MANIFEST_FILE, ModelManifestSchema, type AnyModelManifest, type EnsembleManifest, type ModelManifest } from './model-manifest.ts';

/** Where an ensemble's member lives: the sibling folder of the ensemble's own that it names. */
export function memberFolder(ensembleDir: string, member: Pick<EnsembleManifest['members'][number], 'model'>): string {
  return join(dirname(resolve(ensembleDir)), member.model);
}

/** A model folder as read from disk: its manifest, and the networks it runs (itself, or an ensemble's members). */
export interface ModelFolder {
  manifest: AnyModelManifest;
  networks: { dir: string; manifest: ModelManifest }[];
}

/**
 * Reads and checks a model folder's emotune-model.json and, for an ensemble, its members' (each must be a
 * network). Throws when any is missing or invalid.
 */
export function readModelFolder(dir: string): ModelFolder {
  const read = (folder: string): unknown => JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8'));
  const manifest = AnyModelManifestSchema.parse(read(dir));
  const networks =
    manifest.format === 'ensemble'
      ? manifest.members.map((m) => {
          const memberDir = memberFolder(dir, m);
          return { dir: memberDir, manifest: ModelManifestSchema.parse(read(memberDir)) };
        })
      : [{ dir, manifest }];
  return { manifest, networks };
}
