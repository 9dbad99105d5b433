import { homedir } from 'node:os';
import { NO_MOOD, type Handlers } from '../../shared/api/index.ts';
import { EmotuneError } from '../../shared/errors.ts';
import { browseFolders, findMusicFolder, isInside, toM3u } from '../library/index.ts';
import { libraryFolderPath } from './folder-path.ts';
import { listModels } from './models.ts';
import type { Services } from './create-services.ts';

/** The contract, implemented once over the services, for every transport. */
export function createHandlers(services: Services): Handlers {
  const { repository, jobs, playlist, settings, config } = services;
  const refuseIfImporting = (): void => {
    if (jobs.isRunning('library.import')) {
      throw new EmotuneError('invalid-input', 'an import is already running; wait for it or cancel it');
    }
  };
  const liveOr = <T>(fn: (live: NonNullable<Services['live']>) => T): T => {
    if (!services.live) throw new EmotuneError('camera-unavailable', 'the camera is not running in this mode');
    return fn(services.live);
  };
  return {
    'app.getInfo': async () => {
      const status = services.classifierStatus();
      return {
        version: config.version,
        transport: config.transport,
        canPickFolder: config.pickFolder !== undefined,
        dataDir: config.dataDir,
        suggestedMusicFolder: findMusicFolder(),
        emotion: { state: status.state, backend: status.backend, model: status.model, message: status.message },
      };
    },
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      // The UI may choose a shipped model, or keep the current one (a folder given on the command line).
      const model = patch.emotionModel;
      if (model !== undefined && model !== settings.get().emotionModel && !listModels(config.appRoot).some((m) => m.name === model)) {
        throw new EmotuneError('invalid-input', `no emotion model named ${model} in assets/models`);
      }
      return services.updateSettings(patch);
    },
    'emotion.listModels': async () => ({ models: listModels(config.appRoot), current: settings.get().emotionModel }),
    'camera.getStatus': async () => services.cameraStatus(),
    'camera.setSource': async ({ source }) =>
      liveOr(async (live) => {
        await services.updateSettings({ cameraSource: source });
        return live.camera.status;
      }),
    'camera.setEnabled': async ({ enabled }) =>
      liveOr(async (live) => {
        await services.updateSettings({ cameraEnabled: enabled });
        return live.camera.status;
      }),
    'mood.getState': async () => services.live?.mood.state ?? NO_MOOD,
    'mood.getHistory': async () => ({ points: [...(services.live?.mood.history ?? [])] }),
    'mood.setOverride': async ({ emotion }) =>
      liveOr((live) => {
        const state = live.mood.setOverride(emotion);
        try {
          settings.update({ moodOverride: emotion });
        } catch {
          // Not saved (a full disk): the choice holds for this run, as the mood shows.
        }
        return state;
      }),
    'mood.getCalibration': async () => services.live?.listener.status ?? { state: 'off', progress: 0, model: null, message: 'the camera is not used here', expression: null, learned: [], shape: false, learntWhileListening: false },
    'mood.startCalibration': async ({ expression }) => liveOr((live) => live.listener.start(expression)),
    'mood.resetCalibration': async () => liveOr((live) => live.listener.reset()),
    'playlist.get': async () => playlist.current,
    'playlist.reshuffle': async () => playlist.reshuffle(),
    'recommend.forMood': async ({ emotion, k, strategy, mode }) =>
      services.recommender.recommend(emotion, k, {
        strategy: strategy ?? settings.get().recommendStrategy,
        mode: mode ?? settings.get().recommendMode,
      }),
    'playlist.giveFeedback': async ({ songId, emotion, kind }) => {
      if (!repository.getSong(songId)) throw new EmotuneError('not-found', `song ${songId} is not in the library`);
      const feedback = services.recommendations.recordFeedback(songId, emotion, kind);
      if (kind.startsWith('thumb') && playlist.current?.emotion === emotion) playlist.setThumb(songId, feedback.thumb);
      return { songId, emotion, ...feedback };
    },
    'library.importFolder': async ({ folder }) => {
      refuseIfImporting();
      return services.startImport([libraryFolderPath(folder)]);
    },
    'library.rescan': async () => {
      refuseIfImporting();
      return services.startImport();
    },
    'library.listFolders': async () => ({
      folders: repository.listFolders(),
      watching: settings.get().watchFolders,
    }),
    'library.removeFolder': async ({ folder }) => {
      refuseIfImporting();
      const removedSongs = repository.removeFolder(folder);
      services.recommender.invalidate();
      services.events.emit('library.changed', { total: repository.count() });
      // A playlist that held songs of that folder is built again from what is left.
      if (services.playlist.current?.songs.some((song) => repository.getSongFile(song.id) === null)) {
        services.playlist.refreshAfterLibraryChange();
      }
      return { removedSongs };
    },
    'library.setWatching': async ({ enabled }) => {
      services.setWatching(enabled);
      return { watching: enabled };
    },
    'library.analyze': async () => services.startAnalysis(),
    'analysis.submitDecoded': async (part) => ({ accepted: services.windowDecoder.receive(part) }),
    'library.importCsv': async ({ file, list }) => {
      if (jobs.isRunning('library.importCsv')) {
        throw new EmotuneError('invalid-input', 'a CSV import is already running; wait for it or cancel it');
      }
      return jobs.start('library.importCsv', (job) => services.csvImporter.importCsv(file, { list }, job));
    },
    'library.browseFolders': async ({ path }) => {
      const home = process.env.HOME || homedir();
      // A library folder under the home folder needs no place of its own.
      const places = [home, ...repository.listFolders().map((f) => f.path).filter((p) => !isInside(p, home))];
      return browseFolders(path, places);
    },
    'library.pickFolder': async () => ({ folder: config.pickFolder ? await config.pickFolder() : null }),
    'library.listSongs': async (input) => repository.listSongs(input),
    'library.getStats': async () => ({ ...repository.stats(), analysisPending: services.analysis.pendingCount() }),
    'library.listAlbums': async (input) => repository.listAlbums(input),
    'library.listImportErrors': async () => ({ errors: repository.listErrors() }),
    'library.assignEmotion': async ({ songId, emotion, assigned }) => {
      if (!repository.getSong(songId)) throw new EmotuneError('not-found', `song ${songId} is not in the library`);
      repository.setEmotion(songId, emotion, assigned);
      return repository.getSong(songId) as NonNullable<ReturnType<typeof repository.getSong>>;
    },
    'player.getSession': async () => services.playerSession.load(),
    'player.nowPlaying': async ({ songId, playing }) => ({
      shown: config.desktop?.nowPlaying(songId === null ? null : repository.getSong(songId), playing) ?? false,
    }),
    'playlists.list': async () => ({ playlists: services.savedPlaylists.list() }),
    'playlists.get': async ({ id }) => services.savedPlaylists.get(id),
    'playlists.save': async ({ name, songIds }) => services.savedPlaylists.save(name, songIds),
    'playlists.delete': async ({ id }) => ({ deleted: services.savedPlaylists.remove(id) }),
    'playlists.exportFile': async ({ id }) => {
      const playlist = services.savedPlaylists.get(id);
      // A file name every system accepts: no path separators, reserved or control characters.
      const safe = [...playlist.name].map((c) => ((c.codePointAt(0) ?? 0) < 0x20 || '\\/:*?"<>|'.includes(c) ? ' ' : c)).join('').trim() || 'playlist';
      return { fileName: `${safe}.m3u8`, text: toM3u(playlist.name, playlist.songs) };
    },
    'player.saveSession': async (session) => ({ saved: services.playerSession.save(session) }),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}

