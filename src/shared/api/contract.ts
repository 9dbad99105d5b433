import { z } from 'zod';
import { EmotionSchema } from '../emotion.ts';
import { SettingsPatchSchema, SettingsSchema } from '../settings.ts';
import {
  AlbumSchema,
  AppInfoSchema,
  CameraStatusSchema,
  EmotionEngineStatusSchema,
  ImportErrorSchema,
  JobFinishedSchema,
  JobProgressSchema,
  JobRefSchema,
  ListenerCalibrationSchema,
  ModelInfoSchema,
  MoodFrameSchema,
  MoodPointSchema,
  MoodStateSchema,
  PlayerSessionSchema,
  PlaylistSchema,
  PreviewFrameSchema,
  SavedPlayerSessionSchema,
  SavedPlaylistSchema,
  SavedPlaylistSummarySchema,
  RecommendationSchema,
  SongSchema,
  SongSortSchema,
} from './schemas.ts';

const Empty = z.object({}).strict();

/**
 * The most seconds of PCM in one `analysis.submitDecoded` part: 5 s of 2 channels at 22.05 kHz, 16-bit, is
 * 441,000 bytes, 588,000 in base64, under the part's 600,000 limit and the 1 MB request limit.
 */
export const DECODED_PART_SECONDS = 5;

/**
 * THE contract between the main side and the renderer: every request's input and output, every pushed
 * event's payload. Electron IPC and the browser-mode HTTP/WebSocket server both serve exactly this table, and
 * both parse each input with its schema before a handler sees it.
 */
export const methods = {
  'app.getInfo': { input: Empty, output: AppInfoSchema },
  'settings.get': { input: Empty, output: SettingsSchema },
  /** Changes some settings; each takes effect at once (the analysis thread count on the next start). */
  'settings.update': { input: SettingsPatchSchema, output: SettingsSchema },
  'emotion.listModels': {
    input: Empty,
    output: z.object({
      models: z.array(ModelInfoSchema),
      current: z.string(),
    }),
  },
  'camera.getStatus': { input: Empty, output: CameraStatusSchema },
  'camera.setSource': {
    input: z.object({ source: z.string().trim().min(1).max(4096) }).strict(),
    output: CameraStatusSchema,
  },
  'camera.setEnabled': { input: z.object({ enabled: z.boolean() }).strict(), output: CameraStatusSchema },
  'mood.getState': { input: Empty, output: MoodStateSchema },
  /** The mood over the session's last 30 minutes, a point a second (and one at each change), for the chart. */
  'mood.getHistory': { input: Empty, output: z.object({ points: z.array(MoodPointSchema) }) },
  'mood.setOverride': { input: z.object({ emotion: EmotionSchema.nullable() }).strict(), output: MoodStateSchema },
  'mood.getCalibration': { input: Empty, output: ListenerCalibrationSchema },
  /**
   * Starts learning the listener's resting face (they look at the camera with a relaxed face for a few seconds),
   * or, with an expression, adds that expression as they show it (once the resting face is learnt).
   */
  'mood.startCalibration': { input: z.object({ expression: EmotionSchema.optional() }).strict(), output: ListenerCalibrationSchema },
  /** Forgets the listener's calibration. */
  'mood.resetCalibration': { input: Empty, output: ListenerCalibrationSchema },
  'playlist.get': { input: Empty, output: PlaylistSchema.nullable() },
  'playlist.reshuffle': { input: Empty, output: PlaylistSchema.nullable() },
  'recommend.forMood': {
    input: z
      .object({
        emotion: EmotionSchema,
        k: z.number().int().min(1).max(50).default(5),
        strategy: z.enum(['emotune', 'paper1', 'paper2', 'random']).optional(),
        mode: z.enum(['match', 'lift']).optional(),
      })
      .strict(),
    output: RecommendationSchema,
  },
  /**
   * What the listener thought of a song while a mood's list played: thumbs up or down (or clear), played
   * through, or skipped within its first 30 s. Counts for that emotion in the ranking from then on.
   */
  'playlist.giveFeedback': {
    input: z
      .object({
        songId: z.number().int().positive(),
        emotion: EmotionSchema,
        kind: z.enum(['thumb-up', 'thumb-down', 'thumb-clear', 'played', 'skipped']),
      })
      .strict(),
    output: z.object({
      songId: z.number().int().positive(),
      emotion: EmotionSchema,
      likes: z.number().int().nonnegative(),
      dislikes: z.number().int().nonnegative(),
      thumb: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
    }),
  },
  'library.importFolder': { input: z.object({ folder: z.string().trim().min(1).max(4096) }).strict(), output: JobRefSchema },
  'library.listFolders': {
    input: Empty,
    output: z.object({
      folders: z.array(z.object({ path: z.string(), songs: z.number().int().nonnegative(), lastScanAt: z.number().nullable() })),
      watching: z.boolean(),
    }),
  },
  /** Imports every library folder again (new and changed files only). */
  'library.rescan': { input: Empty, output: JobRefSchema },
  'library.removeFolder': {
    input: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    output: z.object({ removedSongs: z.number().int().nonnegative() }),
  },
  'library.setWatching': { input: z.object({ enabled: z.boolean() }).strict(), output: z.object({ watching: z.boolean() }) },
  'library.pickFolder': { input: Empty, output: z.object({ folder: z.string().nullable() }) },
  /** Browser mode's folder picker: the folders under a path within the home and library folders (null: those places). */
  'library.browseFolders': {
    input: z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
    output: z.object({
      path: z.string().nullable(),
      parent: z.string().nullable(),
      folders: z.array(z.object({ name: z.string(), path: z.string() })),
      truncated: z.boolean(),
    }),
  },
  /** Imports a Spotify-style feature table, or (with `list`, or a file named after an emotion) paper 1's song list. */
  'library.importCsv': {
    input: z.object({ file: z.string().trim().min(1).max(4096), list: EmotionSchema.nullable().default(null) }).strict(),
    output: JobRefSchema,
  },
  /** Analyses every song not analysed yet (or by an older analyser); returns the running job if one is. */
  'library.analyze': { input: Empty, output: JobRefSchema },
  'library.getStats': {
    input: Empty,
    output: z.object({
      total: z.number().int().nonnegative(),
      analyzed: z.number().int().nonnegative(),
      analysisFailed: z.number().int().nonnegative(),
      analysisPending: z.number().int().nonnegative(),
    }),
  },
  'library.listSongs': {
    input: z
      .object({
        query: z.string().max(200).default(''),
        sort: SongSortSchema.default('artist'),
        descending: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ songs: z.array(SongSchema), total: z.number().int().nonnegative() }),
  },
  'library.listAlbums': {
    input: z.object({ query: z.string().max(200).default(''), limit: z.number().int().min(1).max(2000).default(500) }).strict(),
    output: z.object({ albums: z.array(AlbumSchema), total: z.number().int().nonnegative() }),
  },
  'library.listImportErrors': {
    input: Empty,
    output: z.object({ errors: z.array(ImportErrorSchema) }),
  },
  'library.assignEmotion': {
    input: z.object({ songId: z.number().int().positive(), emotion: EmotionSchema, assigned: z.boolean() }).strict(),
    output: SongSchema,
  },
  /**
   * The app window's answer to analysis.decodeRequested: the PCM of an M4A song it decoded, a part at a time
   * (planar 16-bit little-endian, base64, at the rate asked), or why it could not.
   */
  'analysis.submitDecoded': {
    input: z
      .object({
        requestId: z.string().min(1).max(64),
        excerpt: z.number().int().min(0).max(8),
        index: z.number().int().min(0).max(10_000),
        last: z.boolean(),
        final: z.boolean(),
        channels: z.number().int().min(1).max(2),
        // DECODED_PART_SECONDS of 2 channels at 22.05 kHz, 16-bit: 588,000 characters of base64.
        pcm: z.string().max(600_000),
        error: z.string().max(500).optional(),
      })
      .strict(),
    output: z.object({ accepted: z.boolean() }),
  },
  'jobs.cancel': { input: JobRefSchema.strict(), output: z.object({ cancelled: z.boolean() }) },
  'player.getSession': { input: Empty, output: PlayerSessionSchema.nullable() },
  /** What plays now, for the desktop (Electron: the tray's tooltip and menu, a notification on a new song). */
  'player.nowPlaying': {
    input: z.object({ songId: z.number().int().positive().nullable(), playing: z.boolean() }).strict(),
    output: z.object({ shown: z.boolean() }),
  },
  'playlists.list': { input: Empty, output: z.object({ playlists: z.array(SavedPlaylistSummarySchema) }) },
  'playlists.get': { input: z.object({ id: z.number().int().positive() }).strict(), output: SavedPlaylistSchema },
  'playlists.save': {
    input: z
      .object({
        name: z.string().trim().min(1, 'give the playlist a name').max(200),
        songIds: z.array(z.number().int().positive()).min(1, 'a playlist needs at least one song').max(10_000),
      })
      .strict(),
    output: SavedPlaylistSummarySchema,
  },
  'playlists.delete': { input: z.object({ id: z.number().int().positive() }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** The playlist as an extended M3U (UTF-8) text, with a file name to save it under. */
  'playlists.exportFile': { input: z.object({ id: z.number().int().positive() }).strict(), output: z.object({ fileName: z.string(), text: z.string() }) },
  'player.saveSession': { input: SavedPlayerSessionSchema, output: z.object({ saved: z.boolean() }) },
} as const;

export const events = {
  'emotion.statusChanged': EmotionEngineStatusSchema,
  'camera.statusChanged': CameraStatusSchema,
  'camera.framePreviewed': PreviewFrameSchema,
  'mood.frameAnalyzed': MoodFrameSchema,
  'mood.changed': MoodStateSchema,
  /** A point added to the mood history (see mood.getHistory). */
  'mood.historyAdded': MoodPointSchema,
  'mood.calibrationChanged': ListenerCalibrationSchema,
  'playlist.changed': PlaylistSchema,
  'library.changed': z.object({ total: z.number().int().nonnegative() }),
  /** A player command from outside the page (Electron's tray menu). */
  'player.commandRequested': z.object({ command: z.enum(['toggle', 'next', 'previous']) }),
  'job.progressed': JobProgressSchema,
  'job.finished': JobFinishedSchema,
  /** The analysis asks the app window to decode an M4A song (its excerpts, or all of it), at `rate`. */
  'analysis.decodeRequested': z.object({
    requestId: z.string(),
    songId: z.number().int().positive(),
    windows: z.array(z.tuple([z.number(), z.number()])).nullable(),
    rate: z.number().int().positive(),
  }),
} as const;

type Methods = typeof methods;
type Events = typeof events;

export type MethodName = keyof Methods;
export type EventName = keyof Events;
/** What a caller may send (defaults still optional). */
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
/** What a handler receives, after the schema filled defaults. */
export type MethodArgs<K extends MethodName> = z.output<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Methods[K]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** The renderer's view of the main side: one async function per method. */
export type Api = { [K in MethodName]: (input: MethodInput<K>) => Promise<MethodOutput<K>> };

/** What the main side implements: handlers receive parsed input. */
export type Handlers = { [K in MethodName]: (input: MethodArgs<K>) => Promise<MethodOutput<K>> };

export type Unsubscribe = () => void;

export interface ApiClient {
  readonly api: Api;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  /** A URL the renderer's audio element can play for a library song. */
  mediaUrl(songId: number): string;
  /** A URL of a library song's cover image (for songs with `hasCover`). */
  coverUrl(songId: number): string;
  /** Connection state of the transport, for the UI to show "reconnecting". */
  onConnectionChanged(listener: (connected: boolean) => void): Unsubscribe;
}

/** Builds the `Api` object from one transport function. */
export function bindApi(invoke: (method: MethodName, input: unknown) => Promise<unknown>): Api {
  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const name of METHOD_NAMES) api[name] = (input) => invoke(name, input);
  return api as unknown as Api;
}
