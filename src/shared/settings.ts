import { z } from 'zod';
import { EmotionSchema } from './emotion.ts';

export const RecommendStrategySchema = z.enum(['emotune', 'paper1', 'paper2']);
export type RecommendStrategy = z.infer<typeof RecommendStrategySchema>;
export const RecommendModeSchema = z.enum(['match', 'lift']);
export type RecommendMode = z.infer<typeof RecommendModeSchema>;

/**
 * User settings, stored as JSON in the data directory. Every field has a default, so a file from an older
 * version (or a partly hand-edited one) still loads, and unknown fields are dropped.
 */
export const SettingsSchema = z.object({
  /** Camera: a device index ("0") or a video file path. */
  cameraSource: z.string().min(1).max(4096).default('0'),
  /** Off: the camera is released (its light goes out), nothing is captured, and the mood is chosen by hand. */
  cameraEnabled: z.boolean().default(true),
  /** Frames analysed per second at most; a webcam gives ~30, the CNN needs far fewer to follow a mood. */
  analysisFps: z.number().min(1).max(30).default(8),
  /** Preview frames per second sent to the UI. */
  previewFps: z.number().min(0).max(15).default(4),
  /** Seconds between attempts to reopen a camera that is missing or busy. */
  cameraRetrySec: z.number().min(0.5).max(60).default(3),
  smoothing: z
    .object({
      /** Time constant of the exponential moving average of probabilities, in seconds. */
      timeConstantSec: z.number().min(0).max(30).default(1.5),
      /** A new mood must lead the shown one by this margin of smoothed probability… */
      switchMargin: z.number().min(0).max(1).default(0.1),
      /** …for at least this long before the shown mood changes (hysteresis). */
      holdSec: z.number().min(0).max(30).default(1.5),
      /** Under this smoothed confidence the mood is shown as uncertain and the playlist does not follow it. */
      uncertainBelow: z.number().min(0).max(1).default(0.4),
    })
    .prefault({}),
  /** Audio-analysis threads; 0: every core at background priority where the system allows, else one per core but one. */
  analysisThreads: z.number().int().min(0).max(64).default(0),
  /** Watch the library's folders and import changes as they happen. */
  watchFolders: z.boolean().default(true),
  /** Analyse new songs as soon as an import finishes. */
  analyzeAfterImport: z.boolean().default(true),
  /**
   * How the playlist is chosen: `emotune` (songs whose analysed mood fits the emotion), or a paper's method for
   * comparison: `paper1` (per-emotion lists, 5 sampled), `paper2` (cosine similarity of valence, energy, tempo).
   */
  recommendStrategy: RecommendStrategySchema.default('emotune'),
  /** `match`: music that fits the mood (sad → sad); `lift`: starts at the mood and steps towards calm, positive music. */
  recommendMode: RecommendModeSchema.default('match'),
  /** A desktop notification when a new song starts while the window is not in front (Electron). */
  notifySongChange: z.boolean().default(false),
  /** Play every song at one loudness (from the analysed LUFS; ReplayGain's track mode). */
  levelVolume: z.boolean().default(true),
  /** Songs per auto-generated playlist (paper 1 samples k = 5). */
  playlistSize: z.number().int().min(1).max(50).default(5),
  /**
   * Without a calibration, learn the resting face's shape from the faces read as neutral while listening (a
   * model with a face-geometry head), and read later faces by how far they move from it. Kept in memory only.
   */
  learnRestingFace: z.boolean().default(true),
  /** The mood chosen by hand (null: follow the camera); kept so a restart resumes with it. */
  moodOverride: EmotionSchema.nullable().default(null),
  /** The model folder under assets/models (or an absolute path). */
  emotionModel: z.string().min(1).default('emotune-trio'),
});

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** What the settings panel may change at once: any subset, with `smoothing` itself partial. */
export type SettingsPatch = Partial<Omit<Settings, 'smoothing'>> & { smoothing?: Partial<Settings['smoothing']> | undefined };

/** The same fields, optional and without their defaults (Zod 4 fills a default even inside `.optional()`). */
function optionalFields(shape: Record<string, z.ZodType>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional()]));
}

/** A patch sets only the fields it names; the others keep their values (a default here would reset them). */
export const SettingsPatchSchema = z
  .object({
    ...optionalFields(SettingsSchema.omit({ smoothing: true }).shape),
    smoothing: z.object(optionalFields(SettingsSchema.shape.smoothing.unwrap().shape)).strict().optional(),
  })
  .strict() as unknown as z.ZodType<SettingsPatch, SettingsPatch>;

/**
 * The patch that takes `saved` to `draft`: only the fields that differ. A form sends this rather than all its
 * fields, so saving it marks as the user's choice only what they changed (an untouched field keeps following
 * the default), and a value the form cannot offer (a model folder given on the command line) goes through
 * untouched.
 */
export function settingsChanges(saved: Settings, draft: SettingsPatch): SettingsPatch {
  const patch: SettingsPatch = {};
  for (const [key, value] of Object.entries(draft) as [keyof SettingsPatch, unknown][]) {
    if (key === 'smoothing' || value === undefined || value === saved[key]) continue;
    Object.assign(patch, { [key]: value });
  }
  const smoothing = Object.fromEntries(
    Object.entries(draft.smoothing ?? {}).filter(([key, value]) => value !== undefined && value !== saved.smoothing[key as keyof Settings['smoothing']]),
  );
  if (Object.keys(smoothing).length > 0) patch.smoothing = smoothing;
  return patch;
}
