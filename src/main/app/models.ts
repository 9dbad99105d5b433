import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelMeasuresSchema, type ModelInfo, type ModelMeasures } from '../../shared/api/index.ts';
import { readModelFolder } from '../emotion/index.ts';

/** The emotion models shipped in assets/models: every folder with a valid emotune-model.json. */
export function listModels(appRoot: string): ModelInfo[] {
  const dir = join(appRoot, 'assets', 'models');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        const folder = join(dir, entry.name);
        // An ensemble is listed only when all its members are there; its input is its largest member's.
        const { manifest, networks } = readModelFolder(folder);
        const inputSize = Math.max(...networks.map((n) => n.manifest.inputSize));
        return [{ name: entry.name, displayName: manifest.displayName, inputSize, measured: readMeasures(folder) }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** metrics.json as scripts/model-card.ts writes it (only the parts the app shows). */
const MetricsFileSchema = z.object({
  publicTest: z.object({
    accuracy: z.number(),
    macroF1: z.number(),
    confusion: ModelMeasuresSchema.shape.confusion,
    count: z.number().int(),
  }),
  latencyMsPerFace: z.object({ backend: z.string(), p50: z.number() }).nullable().optional(),
  parameters: z.number().int().nullable().optional(),
  expressions: z.object({ accuracy: z.number(), photos: z.number().int(), cameraOffset: z.string().optional() }).nullable().optional(),
});

/** A model folder's measured PublicTest quality and speed (metrics.json), or null where it has none or it is unreadable. */
export function readMeasures(folder: string): ModelMeasures | null {
  const file = join(folder, 'metrics.json');
  if (!existsSync(file)) return null;
  try {
    const { publicTest, latencyMsPerFace, parameters, expressions } = MetricsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return ModelMeasuresSchema.parse({
      accuracy: publicTest.accuracy,
      macroF1: publicTest.macroF1,
      count: publicTest.count,
      confusion: publicTest.confusion,
      msPerFace: latencyMsPerFace?.p50 ?? null,
      backend: latencyMsPerFace?.backend ?? null,
      parameters: parameters ?? null,
      realFaces: expressions ? { accuracy: expressions.accuracy, photos: expressions.photos, crossFitted: expressions.cameraOffset === 'cross-fitted' } : null,
    });
  } catch {
    return null;
  }
}
