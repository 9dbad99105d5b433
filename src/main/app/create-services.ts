import { readFileSync } from 'node:fs';
import { EmotuneError } from '../../shared/errors.ts';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { CameraStatus, JobRef, Song } from '../../shared/api/index.ts';
import { AnalysisPool, AnalysisService, FeaturesRepository, defaultAnalysisThreads, loadMusicEmotionModel, loadSpotifyPlacement, PlatformDecoder } from '../analysis/index.ts';
import { CameraService, FaceDetector, FrameAnalyzer, loadOpenCV } from '../camera/index.ts';
import { AnyModelManifestSchema, cameraReference, EmotionClassifier, MANIFEST_FILE, type ClassifierStatus, type GeometryHead } from '../emotion/index.ts';
import { JobRegistry } from '../jobs/index.ts';
import {
  CatalogueRepository,
  CsvImporter,
  FolderWatcher,
  importFolders,
  LibraryImporter,
  LibraryRepository,
  openDatabase,
  SavedPlaylistsRepository,
} from '../library/index.ts';
import { DEFAULT_RESTING_REFERENCE, ListenerCalibrationService, MoodService } from '../mood/index.ts';
import { loadEmotionRules, loadEmotionTargets, PlaylistService, Recommender, RecommendRepository } from '../recommend/index.ts';
import { SettingsService, type Settings, type SettingsPatch } from '../settings/index.ts';
import { PlayerSessionStore } from './player-session.ts';
import { ensurePrivateDir } from './private-files.ts';
import { EventBus } from './event-bus.ts';
import { modelDirFor } from './paths.ts';

export interface AppConfig {
  version: string;
  transport: 'electron' | 'browser';
  /** Settings, and the library database unless `dbFile` is given. */
  dataDir: string;
  dbFile?: string;
  /** The folder with assets/ and data/. */
  appRoot: string;
  /** The worker entry files. */
  emotionWorkerUrl: URL;
  analysisWorkerUrl: URL;
  scanWorkerUrl: URL;
  /** Start the camera and the emotion model (the app); false for one-shot commands. */
  live: boolean;
  /** Watch library folders (when the setting allows); the app does, one-shot commands do not. */
  watch?: boolean;
  settingsOverrides?: Partial<Settings>;
  /** Native folder dialog, where the transport has one. */
  pickFolder?: () => Promise<string | null>;
  /** Tries a camera source in another process before it is opened (camera-probe.ts); none: opened directly. */
  cameraProbe?: (source: string | number) => Promise<void>;
  /** The desktop shell (Electron: tray, notifications), told what plays; none in browser mode. */
  desktop?: { nowPlaying(song: Song | null, playing: boolean): boolean };
  random?: () => number;
  log?: (message: string) => void;
}

/** The live part: only the app (not one-shot commands) opens the camera and loads the model. */
export interface LiveServices {
  camera: CameraService;
  mood: MoodService;
  /** Calibration to the listener's resting face. */
  listener: ListenerCalibrationService;
  /** The emotion model in use. */
  classifier(): EmotionClassifier;
  /** Loads another model (a folder name under assets/models, or a path) and retires the current one. */
  switchModel(model: string): Promise<void>;
}

export interface Services {
  config: AppConfig;
  events: EventBus;
  db: Database;
  /** Cached cover art, by content hash. */
  coversDir: string;
  /** Where the listener left off (player-session.json in the data folder). */
  playerSession: PlayerSessionStore;
  /** Playlists saved under a name. */
  savedPlaylists: SavedPlaylistsRepository;
  settings: SettingsService;
  repository: LibraryRepository;
  importer: LibraryImporter;
  csvImporter: CsvImporter;
  catalogue: CatalogueRepository;
  analysis: AnalysisService;
  /** Decodes M4A songs in the app window for the analysis (see analysis/platform-decoding.service.ts). */
  windowDecoder: PlatformDecoder;
  /** An app window opened (a page connected); call the returned function when it closes. */
  windowOpened(): () => void;
  /** Starts the analysis job, or returns the one that runs. */
  startAnalysis(): JobRef;
  /** Imports folders (all library folders by default) as one job; refused while an import runs. */
  startImport(folders?: readonly string[]): JobRef;
  /** Turns folder watching on or off (and remembers it). */
  setWatching(enabled: boolean): void;
  /** Saves settings and applies them: camera source, model, folder watching at once; the rest is read live. */
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  jobs: JobRegistry;
  recommender: Recommender;
  /** Songs' mood points and the listener's feedback. */
  recommendations: RecommendRepository;
  playlist: PlaylistService;
  live: LiveServices | null;
  classifierStatus(): ClassifierStatus;
  cameraStatus(): CameraStatus;
  close(): Promise<void>;
}

/** The composition root: builds every service from explicit dependencies; nothing opens at import. */
export function createServices(config: AppConfig): Services {
  const log = config.log ?? (() => {});
  ensurePrivateDir(config.dataDir);
  const events = new EventBus();
  const settings = new SettingsService({
    dataDir: config.dataDir,
    overrides: config.settingsOverrides ?? {},
    log,
  });
  const db = openDatabase(config.dbFile ?? join(config.dataDir, 'library.sqlite'));
  const repository = new LibraryRepository(db);
  const coversDir = join(config.dataDir, 'covers');
  const importer = new LibraryImporter({ repository, workerUrl: config.scanWorkerUrl, coversDir, dataDir: config.dataDir });
  const catalogue = new CatalogueRepository(db);
  // A CSV import the app was killed in the middle of: its rows never became visible; drop them.
  catalogue.removeIncomplete();
  const csvImporter = new CsvImporter({ catalogue });
  const pool = new AnalysisPool({
    workerUrl: config.analysisWorkerUrl,
    model: loadMusicEmotionModel(join(config.appRoot, 'assets', 'music-emotion', 'model.json'), log),
    size: settings.get().analysisThreads || defaultAnalysisThreads(),
  });
  // Each batch of analysed songs reaches the recommender at once; the playlist itself is rebuilt at the end.
  // Open app windows (Electron's, or pages connected in browser mode): they decode M4A songs for the analysis.
  let windows = 0;
  const windowDecoder = new PlatformDecoder({ available: () => windows > 0, request: (request) => events.emit('analysis.decodeRequested', request) });
  const analysis = new AnalysisService({
    repository: new FeaturesRepository(db),
    pool,
    onSaved: () => recommender.invalidate(),
    windowDecoder,
  });
  const startAnalysis = (): JobRef =>
    jobs.running('library.analyze') ?? jobs.start('library.analyze', (job) => analysis.analyzeLibrary(job));
  const startImport = (folders: readonly string[] = repository.listFolders().map((f) => f.path)): JobRef =>
    jobs.start('library.import', (job) => importFolders(importer, folders, job));
  // Folders that changed while an import ran, imported when it ends.
  const changedFolders = new Set<string>();
  const importChanged = (): void => {
    if (changedFolders.size === 0 || jobs.isRunning('library.import')) return;
    const folders = [...changedFolders];
    changedFolders.clear();
    startImport(folders);
  };
  const watcher = new FolderWatcher({
    // The app's own writes (database, covers, settings) must never look like a change to the music.
    ignore: [config.dataDir],
    onChanged: (folder) => {
      changedFolders.add(folder);
      importChanged();
    },
    log,
  });
  const refreshWatch = (): void => {
    void watcher.set((config.watch ?? config.live) && settings.get().watchFolders ? repository.listFolders().map((f) => f.path) : []);
  };
  const jobs = new JobRegistry({
    onProgressed: (p) => events.emit('job.progressed', p),
    onFinished: (f) => {
      events.emit('job.finished', f);
      // Each follow-up on its own: one that fails (a damaged database page, a full disk) is logged and the
      // others still run; none may escape as an unhandled rejection and stop the app.
      const step = (what: string, run: () => void): void => {
        try {
          run();
        } catch (error) {
          log(`after ${f.kind}: ${what} failed: ${(error as Error).message}`);
        }
      };
      step('counting the library', () => events.emit('library.changed', { total: repository.count() }));
      // New songs, or new features to rank them by: rebuild what comes next (the song playing goes on).
      if (f.status === 'done') step('rebuilding the playlist', () => playlist.refreshAfterLibraryChange());
      if (f.kind === 'library.import' && f.status === 'done' && config.live && settings.get().analyzeAfterImport) {
        step('starting the analysis', () => startAnalysis());
      }
      if (f.kind === 'library.import') {
        step('watching the folders', () => refreshWatch());
        step('importing changed folders', () => importChanged());
      }
    },
  });
  const recommendations = new RecommendRepository(db, loadSpotifyPlacement(join(config.appRoot, 'assets', 'music-emotion', 'spotify-placement.json'), log));
  const recommender = new Recommender({
    repository,
    moods: recommendations,
    rules: loadEmotionRules(join(config.appRoot, 'data', 'emotion-rules.json')),
    targets: loadEmotionTargets(join(config.appRoot, 'data', 'emotion-targets.json')),
    ...(config.random ? { random: config.random } : {}),
  });
  const playlist = new PlaylistService({
    recommender,
    size: () => settings.get().playlistSize,
    strategy: () => settings.get().recommendStrategy,
    mode: () => settings.get().recommendMode,
    onChanged: (p) => events.emit('playlist.changed', p),
  });

  const live = config.live ? createLive(config, settings, events, playlist) : null;
  refreshWatch();
  const stoppedCamera: CameraStatus = {
    state: 'stopped',
    source: settings.get().cameraSource,
    problem: null,
    message: null,
    retryAt: null,
  };

  return {
    config,
    events,
    db,
    coversDir,
    playerSession: new PlayerSessionStore(config.dataDir, repository),
    savedPlaylists: new SavedPlaylistsRepository(db, repository),
    settings,
    repository,
    importer,
    csvImporter,
    catalogue,
    analysis,
    windowDecoder,
    windowOpened() {
      windows += 1;
      return () => {
        windows = Math.max(0, windows - 1);
      };
    },
    startAnalysis,
    startImport,
    setWatching(enabled) {
      settings.update({ watchFolders: enabled });
      refreshWatch();
    },
    async updateSettings(patch) {
      const before = settings.get();
      // Privacy first: a camera turned off is off before anything is written, so a full or read-only disk
      // cannot keep it on.
      if (live && patch.cameraEnabled === false) await live.camera.stop();
      // A change that cannot be saved still holds for this run (settings then say what is true), and the
      // caller is told it was not saved.
      let notSaved: unknown = null;
      let after: Settings;
      try {
        after = settings.update(patch);
      } catch (error) {
        if (!(error instanceof EmotuneError && error.code === 'not-saved')) throw error;
        notSaved = error;
        after = settings.get();
      }
      if (after.watchFolders !== before.watchFolders) refreshWatch();
      if (live && after.learnRestingFace !== before.learnRestingFace) live.listener.learningChanged();
      if (after.recommendStrategy !== before.recommendStrategy || after.recommendMode !== before.recommendMode) {
        playlist.rebuild('settings-changed');
      }
      if (live && after.emotionModel !== before.emotionModel) await live.switchModel(after.emotionModel);
      if (live && after.cameraEnabled !== before.cameraEnabled) {
        if (after.cameraEnabled) live.camera.start();
        else await live.camera.stop();
      } else if (live && after.cameraEnabled && after.cameraSource !== before.cameraSource) {
        await live.camera.restart();
      }
      if (notSaved) throw notSaved;
      return settings.get();
    },
    jobs,
    recommender,
    recommendations,
    playlist,
    live,
    classifierStatus: () =>
      live?.classifier().status ?? {
        state: 'failed',
        backend: null,
        model: null,
        displayName: null,
        inputSize: null,
        message: 'not started',
      },
    cameraStatus: () => live?.camera.status ?? stoppedCamera,
    async close() {
      watcher.close();
      windowDecoder.close();
      await jobs.cancelAll();
      await pool.close();
      if (live) {
        await live.camera.stop();
        await live.classifier().close();
      }
      db.close();
    },
  };
}

function createLive(config: AppConfig, settings: SettingsService, events: EventBus, playlist: PlaylistService): LiveServices {
  const startClassifier = (model: string): EmotionClassifier =>
    new EmotionClassifier({
      workerUrl: config.emotionWorkerUrl,
      modelDir: modelDirFor(config.appRoot, model),
      onStatus: ({ state, backend, model: name, message }) =>
        events.emit('emotion.statusChanged', { state, backend, model: name, message }),
    });
  let classifier = startClassifier(settings.get().emotionModel);
  const listener = new ListenerCalibrationService({
    dataDir: config.dataDir,
    model: () => classifier.status.model,
    restingTarget: () => restingCalibrationOf(modelDirFor(config.appRoot, settings.get().emotionModel)),
    geometryHead: () => geometryHeadOf(modelDirFor(config.appRoot, settings.get().emotionModel)),
    learnWhileListening: () => settings.get().learnRestingFace,
    onChanged: (status) => events.emit('mood.calibrationChanged', status),
    ...(config.log ? { log: config.log } : {}),
  });
  const mood = new MoodService({
    listener,
    // The mood follows whichever model is current (the user can switch models while the camera runs).
    classifier: {
      get status() {
        return classifier.status;
      },
      classify: (image, boxes, framing, options) => classifier.classify(image, boxes, framing, options),
    },
    smoothing: () => ({ ...settings.get().smoothing, resetAfterSec: 10 }),
    onFrameAnalyzed: (frame) => events.emit('mood.frameAnalyzed', frame),
    onHistoryAdded: (point) => events.emit('mood.historyAdded', point),
    onChanged: (state) => {
      events.emit('mood.changed', state);
      playlist.follow(state.effective, state.override ? 'override' : 'detected');
    },
  });
  // The mood chosen by hand survives a restart (it is a setting), and is applied before the camera starts.
  const savedOverride = settings.get().moodOverride;
  if (savedOverride) mood.setOverride(savedOverride);
  const camera = new CameraService({
    openVision: () => {
      const cv = loadOpenCV();
      return { cv, analyzer: new FrameAnalyzer({ cv, detector: new FaceDetector(cv), trackEvery: 8 }) };
    },
    settings: () => settings.get(),
    onStatus: (status) => {
      events.emit('camera.statusChanged', status);
      if (status.state !== 'live') mood.cameraLost();
    },
    onFrame: (frame) => mood.handleFrame(frame),
    onPreview: (preview) => events.emit('camera.framePreviewed', preview),
    ...(config.cameraProbe ? { probe: config.cameraProbe } : {}),
  });
  if (settings.get().cameraEnabled) camera.start();
  return {
    camera,
    mood,
    listener,
    classifier: () => classifier,
    async switchModel(model) {
      const previous = classifier;
      classifier = startClassifier(model);
      await previous.close();
    },
  };
}

/**
 * Calibration to the listener with the model in `modelDir`: what a resting face reads as, the target (its
 * manifest's own reading, else a typical one; as a camera face reads it, where the model corrects camera faces,
 * so the listener's offset keeps that correction instead of undoing it), and how much of the resting-face
 * offset applies (the correction's `restingWeight`, else all of it).
 */
export function restingCalibrationOf(modelDir: string): { reference: number[]; weight: number } {
  try {
    const manifest = AnyModelManifestSchema.parse(JSON.parse(readFileSync(join(modelDir, MANIFEST_FILE), 'utf8')));
    const reference = manifest.restingReference ?? DEFAULT_RESTING_REFERENCE;
    if (manifest.format === 'ensemble' && manifest.cameraOffset) return { reference: cameraReference(reference, manifest.cameraOffset), weight: manifest.cameraOffset.restingWeight };
    return { reference: [...reference], weight: 1 };
  } catch {
    return { reference: [...DEFAULT_RESTING_REFERENCE], weight: 1 };
  }
}

/** Manifests read for the face-geometry head, by folder: asked for every frame, read once (a model folder does not change while the app runs). */
const geometryHeads = new Map<string, ModelGeometryHead | null>();

/** A model's face-geometry head as its manifest has it, the resting reading it aims at, its resting weight and temperature. */
export interface ModelGeometryHead {
  head: GeometryHead;
  reference: number[];
  weight: number;
  temperature: number;
}

/**
 * The face-geometry head of the model in `modelDir` (an ensemble's manifest may have one), with the resting
 * reading its calibration aims at and the share of the resting-face offset that applies; null for none.
 */
export function geometryHeadOf(modelDir: string): ModelGeometryHead | null {
  const known = geometryHeads.get(modelDir);
  if (known !== undefined) return known;
  let found: ModelGeometryHead | null = null;
  try {
    const manifest = AnyModelManifestSchema.parse(JSON.parse(readFileSync(join(modelDir, MANIFEST_FILE), 'utf8')));
    if (manifest.format === 'ensemble' && manifest.geometryHead) {
      found = {
        head: manifest.geometryHead,
        reference: [...(manifest.restingReference ?? DEFAULT_RESTING_REFERENCE)],
        weight: manifest.geometryHead.restingWeight,
        temperature: manifest.geometryHead.temperature,
      };
    }
  } catch {
    found = null;
  }
  geometryHeads.set(modelDir, found);
  return found;
}
