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

/**
 * A correction of the model's answers on camera faces (issue 12): FER-2013's networks, moved from FER-2013's
 * small faces to sharp photos of real people, read their expressions with a bias of their own (fear and
 * surprise under-called, neutral and sad over-called, confidence too low). The answer's logits are divided
 * by `temperature` and `offset` added (EMOTIONS order), in full for face boxes of `fullFacePx` and more,
 * not at all up to `minFacePx` (FER-2013's own 48x48 faces are the network's home ground), linearly between.
 * Fitted by scripts/fit-camera-offset.ts on real photos of posed expressions, class-balanced, and reported
 * cross-validated by performer.
 */
export const CameraOffsetSchema = z
  .object({
    offset: z.array(z.number().min(-5).max(5)).length(7),
    temperature: z.number().min(0.2).max(5),
    minFacePx: z.number().min(0).max(4096),
    fullFacePx: z.number().min(0).max(4096),
    /** The photo set it was fitted on, in words. */
    fittedOn: z.string().min(1),
    /**
     * Which photos exactly (app/evaluate-photos.ts, photoSetFingerprint: their files and labels): an evaluation
     * of these photos reports them cross-fitted by performer, never as the correction's own training set.
     */
    fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'a fingerprint is 16 hex digits'),
    /**
     * How much of a listener's resting-face offset calibration applies (calibration.ts, restingFaceOffset):
     * once the correction has taken out what all faces share, a person's resting face tells only part of how
     * their other expressions read. Chosen by scripts/fit-camera-offset.ts, leave one performer out.
     */
    restingWeight: z.number().min(0).max(1).default(1),
  })
  .refine((c) => c.fullFacePx >= c.minFacePx, { message: 'fullFacePx must not be below minFacePx' });
export type CameraOffset = z.infer<typeof CameraOffsetSchema>;

/**
 * The face-geometry head (geometry-head.ts): for a listener who has calibrated, camera faces are read also by
 * how far the face's shape (face-geometry.ts, from the face mesh in the sibling folder `meshModel`) has moved
 * from the listener's resting face. It replaces the camera correction for faces of `minFacePx` and more.
 * Fitted by scripts/fit-geometry-head.ts on photos of posed expressions, reported left one performer out.
 */
export const GeometryHeadSchema = z
  .object({
    meshModel: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'the face mesh is a model folder name in the models folder'),
    minFacePx: z.number().min(0).max(4096),
    scale: z.number().min(0.05).max(5),
    offset: z.array(z.number().min(-10).max(10)).length(7),
    featureMean: z.array(z.number()).min(1).max(64),
    featureSpread: z.array(z.number().positive()).min(1).max(64),
    weights: z.array(z.array(z.number().min(-20).max(20)).length(7)).min(1).max(64),
    /** How much of a listener's resting-face offset applies on top (as the camera correction's restingWeight). */
    restingWeight: z.number().min(0).max(1),
    /** The temperature of the calibrated answer (after the offset), so its confidence means what it says. */
    temperature: z.number().min(0.2).max(5).default(1),
    l2: z.number().min(0),
    fittedOn: z.string().min(1),
    fingerprint: CameraOffsetSchema.shape.fingerprint,
  })
  .refine((h) => h.featureMean.length === h.weights.length && h.featureSpread.length === h.weights.length, { message: 'featureMean, featureSpread and weights must have one entry per feature' });
export type GeometryHead = z.infer<typeof GeometryHeadSchema>;

/**
 * An ensemble: the answers of several shipped networks (sibling folders in the models folder) combined as a
 * weighted geometric mean (a product of experts: a class must be likely for every member). A member may count
 * only on faces large enough for it (`minFacePx` … `fullFacePx`: its weight rises linearly from nothing to
 * full over that face-box side, in the pixels of the image the face was found in): a network trained on
 * sharp photos reads low-resolution faces (FER-2013's 48x48) badly, and is then left to the others. A member
 * may also count only on faces small enough for it (`fadeFromFacePx` … `maxFacePx`: its weight falls from
 * full to nothing over that side), and is then not run for larger ones.
 */
export const EnsembleManifestSchema = z.object({
  name: z.string().min(1),
  displayName: z.string().min(1),
  format: z.literal('ensemble'),
  members: z
    .array(
      z
        .object({
          /** A sibling model folder's name (never a path). */
          model: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a member is a model folder name in the models folder'),
          weight: z.number().positive().max(10),
          minFacePx: z.number().min(0).max(4096).default(0),
          fullFacePx: z.number().min(0).max(4096).default(0),
          fadeFromFacePx: z.number().min(0).max(4096).optional(),
          maxFacePx: z.number().min(0).max(4096).optional(),
        })
        .refine((m) => m.fullFacePx >= m.minFacePx, { message: 'fullFacePx must not be below minFacePx' })
        .refine((m) => (m.fadeFromFacePx === undefined) === (m.maxFacePx === undefined), { message: 'fadeFromFacePx and maxFacePx go together' })
        .refine((m) => m.maxFacePx === undefined || m.maxFacePx > (m.fadeFromFacePx ?? 0), { message: 'maxFacePx must be above fadeFromFacePx' })
        .refine((m) => m.maxFacePx === undefined || m.maxFacePx > m.fullFacePx, { message: 'a member must count on some faces: maxFacePx above fullFacePx' }),
    )
    .min(2)
    .max(4),
  labels: ModelManifestSchema.shape.labels,
  temperature: ModelManifestSchema.shape.temperature,
  restingReference: ModelManifestSchema.shape.restingReference,
  cameraOffset: CameraOffsetSchema.optional(),
  geometryHead: GeometryHeadSchema.optional(),
});
export type EnsembleManifest = z.infer<typeof EnsembleManifestSchema>;

/** Any model folder's manifest: one network, or an ensemble of shipped ones. */
export const AnyModelManifestSchema = z.union([ModelManifestSchema, EnsembleManifestSchema]);
export type AnyModelManifest = z.infer<typeof AnyModelManifestSchema>;

export const MANIFEST_FILE = 'emotune-model.json';
