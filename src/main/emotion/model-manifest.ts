import { z } from 'zod';
import { EMOTIONS } from '../../shared/emotion.ts';

/**
 * `emotune-model.json`, beside every model's files: how to feed the model and read its output. The label
 * order must be FER-2013's, which is also Emotune's, so no model can silently swap classes.
 */
export const ModelManifestSchema = z.object({
  name: z.string().min(1),
  displayName: z.string().min(1),
  format: z.enum(['graph-model', 'layers-model']),
  /** A file in the model's own folder: a bare name (a path could read any JSON on the disk). */
  modelFile: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', { message: 'modelFile must be a file name in the model folder, not a path' }),
  inputSize: z.number().int().min(16).max(256),
  inputRange: z.tuple([z.number(), z.number()]),
  labels: z.array(z.string()).refine((labels) => labels.join() === EMOTIONS.join(), {
    message: `labels must be ${EMOTIONS.join(', ')} in that order`,
  }),
  /** False when the model ends in logits and needs a softmax. */
  outputIsProbability: z.boolean().default(true),
  framing: z.object({ scale: z.number().min(0.5).max(3), shiftY: z.number().min(-1).max(1) }).optional(),
  /** Average each face with its mirror image (test-time augmentation), where it measured better. */
  flipTta: z.boolean().default(false),
  /**
   * Temperature scaling of the output (Guo et al. 2017), so a shown confidence means what it says:
   * probabilities become p^(1/T), renormalised (softmax of logits / T). Fitted on FER-2013 PublicTest by
   * scripts/fit-temperature.ts; 1 leaves the model's own probabilities.
   */
  temperature: z.number().min(0.05).max(20).default(1),
  /**
   * The model's mean answer on FER-2013 PublicTest's neutral faces (EMOTIONS order): what a typical resting
   * face reads as, the target of calibration to the listener. Written by scripts/fit-temperature.ts.
   */
  restingReference: z.array(z.number().min(0).max(1)).length(7).optional(),
});
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

export const MANIFEST_FILE = 'emotune-model.json';
