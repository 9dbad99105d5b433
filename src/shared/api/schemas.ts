import { z } from 'zod';
import { EmotionSchema, ProbabilitiesSchema } from '../emotion.ts';

/** A face box in frame pixels: [x, y, width, height]. */
export const BoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Box = z.infer<typeof BoxSchema>;

/** What Emotune knows of how a song sounds: measured from its audio, or taken from a Spotify-style CSV. */
export const SongFeaturesSchema = z.object({
  source: z.enum(['audio', 'csv']),
  tempoBpm: z.number().nullable(),
  loudnessLufs: z.number().nullable(),
  brightnessHz: z.number().nullable(),
  /** "A minor"; null when unknown. */
  key: z.string().nullable(),
  onsetRate: z.number().nullable(),
  energy: z.number().min(0).max(1).nullable(),
  valence: z.number().min(0).max(1).nullable(),
  arousal: z.number().min(0).max(1).nullable(),
});
export type SongFeatures = z.infer<typeof SongFeaturesSchema>;

export const SongSchema = z.object({
  id: z.number().int().positive(),
  path: z.string(),
  title: z.string(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  genre: z.string().nullable(),
  /** Release year from the tags. */
  year: z.number().int().nullable(),
  durationSec: z.number().nonnegative().nullable(),
  /** Whether the file carries cover art (served from the cover cache). */
  hasCover: z.boolean(),
  /** Emotions the user (or a playlist file) assigned this song to. */
  emotions: z.array(EmotionSchema),
  features: SongFeaturesSchema.nullable(),
  /** Why the audio could not be analysed, when it could not. */
  analysisError: z.string().nullable(),
});
export type Song = z.infer<typeof SongSchema>;

export const SongSortSchema = z.enum(['artist', 'title', 'album', 'year', 'genre', 'duration', 'tempo', 'energy', 'valence', 'added']);
export type SongSort = z.infer<typeof SongSortSchema>;

/**
 * Where a playlist's songs came from, so the UI can say so:
 * `mood`: songs whose analysed mood (valence and arousal) fits the emotion best (Emotune's recommender);
 * `assigned`: songs assigned to the emotion (paper 1's lists); `features`: songs whose measured valence,
 * energy and tempo are closest to the emotion's target (paper 2); `genre`: the documented genre/tag mapping;
 * `any`: nothing matched, so songs were drawn from the whole library; `empty`: the library has no songs.
 */
export const PlaylistBasisSchema = z.enum(['mood', 'assigned', 'features', 'genre', 'any', 'empty']);
export type PlaylistBasis = z.infer<typeof PlaylistBasisSchema>;

/** Why one song is in a list, in plain words, with how well it fits and the listener's verdict on it. */
export const SongPickSchema = z.object({
  /** How well the song fits the mood, 0-1 (the region fit, or paper 2's cosine similarity); null if not ranked. */
  fit: z.number().min(-1).max(1).nullable(),
  /** e.g. "calm · dark · minor · slow — fits sad". */
  why: z.string(),
  /** The listener's thumbs for this song and this emotion: 1 up, -1 down, 0 none. */
  thumb: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
});
export type SongPick = z.infer<typeof SongPickSchema>;

export const RecommendationSchema = z.object({
  emotion: EmotionSchema,
  basis: PlaylistBasisSchema,
  strategy: z.enum(['emotune', 'paper1', 'paper2', 'random']),
  mode: z.enum(['match', 'lift']),
  songs: z.array(SongSchema),
  /** One per song, in the order of `songs`. */
  picks: z.array(SongPickSchema),
  /**
   * Paper 2's cosine similarity of each song's {valence, energy, tempo} to the emotion's target, in the order of
   * `songs`; null for a song that was not chosen by it (another basis, or a top-up from the tag lists).
   */
  similarities: z.array(z.number().min(-1).max(1).nullable()),
  /** How many songs the basis had to sample from. */
  poolSize: z.number().int().nonnegative(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const PlaylistSchema = RecommendationSchema.extend({
  /** Why this playlist exists: the detected mood, a user override, or a reshuffle. */
  reason: z.enum(['detected', 'override', 'reshuffle', 'library-changed', 'settings-changed']),
  generatedAt: z.number(),
});
export type Playlist = z.infer<typeof PlaylistSchema>;

export const CameraStatusSchema = z.object({
  state: z.enum(['starting', 'live', 'unavailable', 'stopped']),
  /** The source as the user set it: a device index ("0") or a video file path. */
  source: z.string(),
  /** Why the camera is unavailable, stable for the UI to branch on. */
  problem: z.enum(['not-found', 'busy', 'ended', 'failed']).nullable(),
  message: z.string().nullable(),
  /** When the next reconnection attempt is due (epoch ms), while unavailable. */
  retryAt: z.number().nullable(),
});
export type CameraStatus = z.infer<typeof CameraStatusSchema>;

export const PreviewFrameSchema = z.object({
  /** JPEG, base64, scaled down for the preview. */
  jpegBase64: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** Face boxes scaled to the preview's pixels; the first is the one classified. */
  faces: z.array(BoxSchema),
  at: z.number(),
});
export type PreviewFrame = z.infer<typeof PreviewFrameSchema>;

export const EmotionEstimateSchema = z.object({
  emotion: EmotionSchema,
  confidence: z.number().min(0).max(1),
  probabilities: ProbabilitiesSchema,
});
export type EmotionEstimate = z.infer<typeof EmotionEstimateSchema>;

/** One analysed camera frame: the raw per-frame estimate and the smoothed one. */
export const MoodFrameSchema = z.object({
  at: z.number(),
  faceCount: z.number().int().nonnegative(),
  face: BoxSchema.nullable(),
  raw: EmotionEstimateSchema.nullable(),
  smoothed: EmotionEstimateSchema.nullable(),
  timings: z.object({ detectMs: z.number(), inferMs: z.number(), totalMs: z.number() }),
});
export type MoodFrame = z.infer<typeof MoodFrameSchema>;

/** A point of the mood-over-time chart: the smoothed mood of a frame with a face, and its confidence. */
export const MoodPointSchema = z.object({
  at: z.number(),
  emotion: EmotionSchema,
  confidence: z.number().min(0).max(1),
});
export type MoodPoint = z.infer<typeof MoodPointSchema>;

/**
 * Calibration to the listener: the app learns how this person's resting face reads (a few seconds looking
 * neutral) and corrects for it. `collecting`: frames are being gathered (`progress` 0-1); `on`: the
 * correction is applied (for `model`); `failed`: why in `message`.
 */
export const ListenerCalibrationSchema = z.object({
  state: z.enum(['off', 'collecting', 'on', 'failed']),
  progress: z.number().min(0).max(1),
  model: z.string().nullable(),
  /** Why the last step failed (with state "failed", or "on" when an added expression failed). */
  message: z.string().nullable(),
  /** While collecting: the expression being gathered ("neutral": the resting face). */
  expression: EmotionSchema.nullable(),
  /** Expressions the listener has shown on top of their resting face. */
  learned: z.array(EmotionSchema),
  /**
   * The calibration also learnt the shape of the listener's resting face (a model with a face-geometry head,
   * faces near enough to measure): faces are then read also by how far they have moved from it.
   */
  shape: z.boolean().default(false),
  /**
   * No calibration, but the resting face's shape has been learnt while listening (from the faces the model
   * reads as neutral): faces near enough to measure are read by how far they have moved from it.
   */
  learntWhileListening: z.boolean().default(false),
});
export type ListenerCalibration = z.infer<typeof ListenerCalibrationSchema>;

export const MoodStateSchema = z.object({
  /** The stable detected mood (after smoothing and hysteresis); null until a face has been seen. */
  detected: EmotionEstimateSchema.nullable(),
  /** A mood now leading the smoothed probabilities, not yet held long enough to be shown (hysteresis). */
  emerging: EmotionSchema.nullable(),
  /** The detected mood's confidence is under the threshold: shown as uncertain, and the playlist stays. */
  uncertain: z.boolean(),
  /** True while a face is in view; false shows "no face" without dropping the last mood. */
  faceVisible: z.boolean(),
  override: EmotionSchema.nullable(),
  /** What the playlist follows: the override, else the last detected mood that was not uncertain. */
  effective: EmotionSchema.nullable(),
});
export type MoodState = z.infer<typeof MoodStateSchema>;

/** The mood before any face has been seen or any mood chosen. */
export const NO_MOOD: MoodState = {
  detected: null,
  emerging: null,
  uncertain: false,
  faceVisible: false,
  override: null,
  effective: null,
};

export const JobKindSchema = z.enum(['library.import', 'library.analyze', 'library.importCsv']);
export type JobKind = z.infer<typeof JobKindSchema>;

export const JobRefSchema = z.object({ jobId: z.string() });
export type JobRef = z.infer<typeof JobRefSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  kind: JobKindSchema,
  phase: z.string(),
  done: z.number().int().nonnegative(),
  /** Null while the total is still being counted. */
  total: z.number().int().nonnegative().nullable(),
  current: z.string().nullable(),
  /** When the job started (epoch ms), for the rate and the time left. */
  startedAt: z.number(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const ImportErrorSchema = z.object({ path: z.string(), message: z.string() });
export type ImportError = z.infer<typeof ImportErrorSchema>;

/** In an import error's message, what separates the plain reason from the technical one (shown behind "details"). */
export const IMPORT_ERROR_DETAILS = ' · details: ';

export const ImportSummarySchema = z.object({
  folder: z.string(),
  found: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  errors: z.array(ImportErrorSchema),
  durationMs: z.number().nonnegative(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const AnalysisSummarySchema = z.object({
  analyzed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Songs that still need analysis (after a cancellation). */
  remaining: z.number().int().nonnegative(),
  /** M4A songs left for later: they are decoded by the app window, and none was open. */
  waitingForWindow: z.number().int().nonnegative().default(0),
  errors: z.array(ImportErrorSchema),
  /** Seconds of audio analysed, and how long it took. */
  audioSeconds: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type AnalysisSummary = z.infer<typeof AnalysisSummarySchema>;

export const CsvImportSummarySchema = z.object({
  file: z.string(),
  /** A feature table (into the catalogue, features onto matching songs) or paper 1's per-emotion list. */
  kind: z.enum(['features', 'list']),
  emotion: EmotionSchema.nullable(),
  rows: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Rows that name a song of the library (by normalised artist and title). */
  matched: z.number().int().nonnegative(),
  /** The first rows that matched no song. */
  unmatched: z.array(z.string()),
  durationMs: z.number().nonnegative(),
});
export type CsvImportSummary = z.infer<typeof CsvImportSummarySchema>;

export const JobFinishedSchema = z.object({
  jobId: z.string(),
  kind: JobKindSchema,
  status: z.enum(['done', 'cancelled', 'failed']),
  summary: z.union([ImportSummarySchema, AnalysisSummarySchema, CsvImportSummarySchema]).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type JobFinished = z.infer<typeof JobFinishedSchema>;

/** The emotion model's state: which model and TensorFlow.js backend run, or why none does. */
export const EmotionEngineStatusSchema = z.object({
  state: z.enum(['loading', 'ready', 'failed']),
  backend: z.string().nullable(),
  model: z.string().nullable(),
  message: z.string().nullable(),
});
export type EmotionEngineStatus = z.infer<typeof EmotionEngineStatusSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
  canPickFolder: z.boolean(),
  dataDir: z.string(),
  /** The user's music folder (the desktop's, else ~/Music) where it exists: what the first import offers. */
  suggestedMusicFolder: z.string().nullable(),
  emotion: EmotionEngineStatusSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const ConfusionRowSchema = z.array(z.number().int().nonnegative()).length(7);

/** How a model measured on FER-2013 PublicTest through the app's own path (its metrics.json, by scripts/model-card.ts). */
export const ModelMeasuresSchema = z.object({
  accuracy: z.number().min(0).max(1),
  macroF1: z.number().min(0).max(1),
  count: z.number().int().nonnegative(),
  /** confusion[truth][predicted], in EMOTIONS order. */
  confusion: z.array(ConfusionRowSchema).length(7),
  /** Inference time of one face, p50, on the backend named, where it was measured. */
  msPerFace: z.number().nonnegative().nullable(),
  backend: z.string().nullable(),
  parameters: z.number().int().nonnegative().nullable(),
  /**
   * On posed photos of people no network trained on, through the live path (npm run eval:models -- --write).
   * `crossFitted`: the model's camera-face correction was fitted on these photos, so each person was scored
   * with a correction fitted on the others.
   */
  realFaces: z.object({ accuracy: z.number().min(0).max(1), photos: z.number().int().nonnegative(), crossFitted: z.boolean().default(false) }).nullable(),
});
export type ModelMeasures = z.infer<typeof ModelMeasuresSchema>;

/** An emotion model the app can run, with its measured quality where the model folder records it. */
export const ModelInfoSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  inputSize: z.number().int(),
  measured: ModelMeasuresSchema.nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const RepeatModeSchema = z.enum(['off', 'all', 'one']);

/** Where the listener left off: the song and its position, the queue, shuffle and repeat (restored at the next start). */
export const PlayerSessionSchema = z.object({
  current: SongSchema.nullable(),
  positionSec: z.number().nonnegative(),
  upNext: z.array(SongSchema),
  shuffle: z.boolean(),
  repeat: RepeatModeSchema,
});
export type PlayerSession = z.infer<typeof PlayerSessionSchema>;

/** The same, as the player saves it: songs by id. */
export const SavedPlayerSessionSchema = z
  .object({
    currentId: z.number().int().positive().nullable(),
    positionSec: z.number().nonnegative().max(1e6),
    upNextIds: z.array(z.number().int().positive()).max(1000),
    shuffle: z.boolean(),
    repeat: RepeatModeSchema,
  })
  .strict();
export type SavedPlayerSession = z.infer<typeof SavedPlayerSessionSchema>;

/** A playlist the listener saved under a name. */
export const SavedPlaylistSummarySchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  songCount: z.number().int().nonnegative(),
  durationSec: z.number().nonnegative(),
  updatedAt: z.number(),
});
export type SavedPlaylistSummary = z.infer<typeof SavedPlaylistSummarySchema>;

export const SavedPlaylistSchema = z.object({ id: z.number().int().positive(), name: z.string(), songs: z.array(SongSchema) });
export type SavedPlaylist = z.infer<typeof SavedPlaylistSchema>;

/** An album of the library: its songs grouped by album and album artist (or artist). */
export const AlbumSchema = z.object({
  album: z.string(),
  artist: z.string().nullable(),
  year: z.number().int().nullable(),
  songCount: z.number().int().positive(),
  /** A song of the album with cover art, whose cover stands for the album. */
  coverSongId: z.number().int().positive().nullable(),
});
export type Album = z.infer<typeof AlbumSchema>;
