import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, ModelManifestSchema } from '../emotion/index.ts';

/** The emotion models shipped in assets/models: every folder with a valid emotune-model.json. */
export function listModels(appRoot: string): { name: string; displayName: string; inputSize: number }[] {
  const dir = join(appRoot, 'assets', 'models');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        const manifest = ModelManifestSchema.parse(JSON.parse(readFileSync(join(dir, entry.name, MANIFEST_FILE), 'utf8')));
        return [{ name: entry.name, displayName: manifest.displayName, inputSize: manifest.inputSize }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
