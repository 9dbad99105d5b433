import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobFinished } from '../../shared/api/index.ts';
import { EMOTIONS, EmotionSchema } from '../../shared/emotion.ts';
import { EmotuneError, toErrorPayload, type ErrorCode } from '../../shared/errors.ts';
import {
  createHandlers,
  createServices,
  defaultDataDir,
  analysisWorkerUrl,
  cameraProbeScriptUrl,
  detectMedia,
  emotionWorkerUrl,
  evaluateAudio,
  evaluateModel,
  evaluatePhotos,
  geometryHeadOf,
  photosFromClassFolders,
  readPhotoLabels,
  scoreLearntWhileListening,
  evaluateRecommendations,
  EVAL_STRATEGIES,
  labelsFromQuadrantFolders,
  loadAudioEvalLibrary,
  readAudioLabels,
  loadEvalTable,
  scanWorkerUrl,
  findAppRoot,
  modelDirFor,
  type AppConfig,
} from '../app/index.ts';
import { forkProbe, probeCameraSource } from '../camera/index.ts';
import { renderEvalReport, type FerUsage } from '../emotion/index.ts';
import { loadEmotionTargets, seededRandom } from '../recommend/index.ts';
import { lockDataDir, newToken, readIdentity, startBrowserServer, writeIdentity } from '../server/index.ts';
import { openInBrowser, openPrivately, serveBrowserMode } from './serve.ts';
import { DEFAULT_SETTINGS } from '../settings/index.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** URL of the entry module, to find the built worker beside it. */
  entryUrl: string;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (serve runs until then). */
  stopSignal: Promise<void>;
}

const USAGE = `Usage: emotune <command> [options]

Commands (JSON on stdout, progress on stderr):
  detect <image-or-video> [--model DIR] [--every N]
                       find faces and classify each one's emotion
  import <folder> [--db FILE]
                       import a music folder into the library
  import-csv <file.csv[.gz]> [--list EMOTION] [--db FILE]
                       import a Spotify-style feature table (catalogue, features onto matching songs),
                       or paper 1's song list for an emotion (happy.csv, … or --list)
  analyze [--db FILE]   measure tempo, loudness, key, brightness, onsets, energy, valence and arousal of
                       every song not analysed yet, in worker threads
  recommend --emotion NAME [--k 5] [--strategy emotune|paper1|paper2|random] [--mode match|lift]
            [--seed N] [--db FILE]
                       songs for an emotion (${EmotionSchema.options.join(', ')}), each with why it was picked
  eval-audio --data <folder> [--labels <csv>] [--threads N]
                       analyse labelled clips (file, quadrant columns; or Q1…Q4 subfolders) with the shipped
                       music-emotion model: valence/arousal AUC, Pearson/Spearman, quadrant accuracy, macro-F1,
                       confusion, speed
  eval-rec --library <folder | table.csv> [--labels <csv>] [--strategy S,...] [--mode match|lift]
           [--subsets 100] [--subset-size 150] [--cross-fit] [--seed N]
                       precision@5, @20 and nDCG@10 of each strategy's lists per emotion against quadrant
                       labels, on the whole library and on random sub-libraries. A folder is imported and
                       analysed through the app; a Spotify-style table (valence, energy, tempo, label/mood) is
                       scored without audio, each song placed as the app places CSV songs (--cross-fit: each
                       song placed by a model trained without its fold's artists)
  eval --data <fer2013.csv[.gz] | folder of class subfolders> [--usage PublicTest] [--model DIR]
       [--limit N] [--report FILE]
                       score a model on labelled faces: accuracy, macro-F1, per class, confusion matrix
  eval --data <photos folder> --labels <csv> | --live [--model DIR] [--report FILE] [--answers]
                       the live path on full photos (Haar face, crop, model; a photo without exactly one face
                       counts as wrong): accuracy, macro-F1, per class, confusion, calibration (ECE and a
                       reliability diagram in the report), accuracy per person; --answers lists each photo
  serve [--camera SOURCE] [--model DIR] [--port N] [--db FILE] [--open] [--new-token]
                       browser mode: the app on http://127.0.0.1 with an access token; one per data folder
                       (a second start prints the running one's address, and opens it with --open). A restart
                       keeps the last port and token, so open tabs reconnect; --new-token makes a new one

Common options:
  --data-dir DIR       settings and library folder (default: $EMOTUNE_DATA_DIR or the platform's data folder)
  --help, --version`;

/** Runs one command; returns the exit code. Errors are printed as JSON {"error":{code,message}} on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const appRoot = findAppRoot(io.entryUrl);
  const version = (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const out = (value: unknown): void => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const note = (text: string): void => void io.stderr.write(`${text}\n`);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        every: { type: 'string' },
        data: { type: 'string' },
        usage: { type: 'string' },
        limit: { type: 'string' },
        report: { type: 'string' },
        list: { type: 'string' },
        db: { type: 'string' },
        'data-dir': { type: 'string' },
        emotion: { type: 'string' },
        k: { type: 'string' },
        seed: { type: 'string' },
        camera: { type: 'string' },
        port: { type: 'string' },
        'new-token': { type: 'boolean' },
        open: { type: 'boolean' },
        labels: { type: 'string' },
        library: { type: 'string' },
        strategy: { type: 'string' },
        mode: { type: 'string' },
        subsets: { type: 'string' },
        'subset-size': { type: 'string' },
        'cross-fit': { type: 'boolean' },
        live: { type: 'boolean' },
        answers: { type: 'boolean' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      out({ version });
      return 0;
    }
    if (values.help || !command) {
      io.stdout.write(`${USAGE}\n`);
      return command || values.help ? 0 : 2;
    }
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir(io.env));
    const baseConfig = (live: boolean): AppConfig => ({
      version,
      transport: 'browser',
      dataDir,
      ...(values.db ? { dbFile: resolve(values.db) } : {}),
      appRoot,
      emotionWorkerUrl: emotionWorkerUrl(io.entryUrl),
      analysisWorkerUrl: analysisWorkerUrl(io.entryUrl),
      scanWorkerUrl: scanWorkerUrl(io.entryUrl),
      live,
      settingsOverrides: {
        ...(values.camera ? { cameraSource: values.camera } : {}),
        ...(values.model && command === 'serve' ? { emotionModel: resolve(values.model) } : {}),
      },
      ...(values.seed ? { random: seededRandom(integer(values.seed, 'seed')) } : {}),
      // The camera is tried in a child process first: a source that blocks cannot freeze the server.
      cameraProbe: (source) => probeCameraSource((s) => forkProbe(cameraProbeScriptUrl(io.entryUrl), s), source),
      log: note,
    });

    switch (command) {
      case 'detect': {
        const [file] = rest;
        if (!file) throw new EmotuneError('invalid-input', 'detect needs an image or video file');
        const report = await detectMedia(file, {
          modelDir: values.model ? resolve(values.model) : modelDirFor(appRoot, DEFAULT_SETTINGS.emotionModel),
          workerUrl: emotionWorkerUrl(io.entryUrl),
          every: values.every ? integer(values.every, 'every') : 1,
          onProgress: (n) => io.stderr.isTTY && io.stderr.write(`\rframes analysed: ${n}`),
        });
        if (io.stderr.isTTY && report.kind === 'video') note('');
        out(report);
        return 0;
      }
      case 'eval': {
        if (!values.data) throw new EmotuneError('invalid-input', 'eval needs --data <fer2013.csv[.gz] | folder>');
        if (values.labels || values.live) {
          // Photos through the live path: a label table, or one folder per expression.
          const data = resolve(values.data);
          const photos = values.labels ? readPhotoLabels(resolve(values.labels)) : photosFromClassFolders(data);
          const modelDir = values.model ? resolve(values.model) : modelDirFor(appRoot, DEFAULT_SETTINGS.emotionModel);
          // Photos of known people, with a model that learns a listener's resting face: measure the faces' shapes
          // too, to report what that learning does (learntWhileListening).
          const learning = photos.some((p) => p.subject) ? geometryHeadOf(modelDir) : null;
          const result = await evaluatePhotos({
            data,
            photos,
            modelDir,
            workerUrl: emotionWorkerUrl(io.entryUrl),
            geometry: learning !== null,
            onProgress: (done, total) => io.stderr.isTTY && io.stderr.write(`\rphotos evaluated: ${done} of ${total}`),
          });
          if (io.stderr.isTTY) note('');
          const learntWhileListening = learning ? scoreLearntWhileListening(result, learning, photos) : null;
          if (values.report) {
            writeFileSync(
              resolve(values.report),
              renderEvalReport({ ...result, displayName: result.model, usage: 'live path (Haar face, crop, model)', labels: [...EMOTIONS], imagesPerSecond: result.count / result.seconds }),
            );
            note(`report written to ${resolve(values.report)}`);
          }
          const { answers, ...summary } = result;
          const extra = learntWhileListening ? { learntWhileListening } : {};
          out(values.answers ? { ...result, ...extra } : { ...summary, answers: answers.length, ...extra });
          return 0;
        }
        const usage = values.usage ?? 'PublicTest';
        if (!['Training', 'PublicTest', 'PrivateTest'].includes(usage)) {
          throw new EmotuneError('invalid-input', '--usage must be Training, PublicTest or PrivateTest');
        }
        const result = await evaluateModel({
          data: values.data,
          usage: usage as FerUsage,
          modelDir: values.model ? resolve(values.model) : modelDirFor(appRoot, DEFAULT_SETTINGS.emotionModel),
          workerUrl: emotionWorkerUrl(io.entryUrl),
          ...(values.limit ? { limit: integer(values.limit, 'limit') } : {}),
          onProgress: (n) => io.stderr.isTTY && io.stderr.write(`\rimages evaluated: ${n}`),
        });
        if (io.stderr.isTTY) note('');
        if (values.report) {
          writeFileSync(resolve(values.report), renderEvalReport(result));
          note(`report written to ${resolve(values.report)}`);
        }
        out(result);
        return 0;
      }
      case 'import':
      case 'import-csv':
      case 'analyze': {
        const [folder] = rest;
        if (command === 'import' && !folder) throw new EmotuneError('invalid-input', 'import needs a folder');
        if (command === 'import-csv' && !folder) throw new EmotuneError('invalid-input', 'import-csv needs a CSV file');
        const list = values.list === undefined ? null : EmotionSchema.safeParse(values.list);
        if (list && !list.success) throw new EmotuneError('invalid-input', `--list must be one of ${EmotionSchema.options.join(', ')}`);
        const services = createServices(baseConfig(false));
        try {
          const finished = new Promise<JobFinished>((resolveFinished) => {
            services.events.on((event, payload) => {
              if (event === 'job.finished') resolveFinished(payload as JobFinished);
              if (event === 'job.progressed') {
                const p = payload as { phase: string; done: number; total: number | null; current: string | null };
                note(`${p.phase}: ${p.done}${p.total === null ? '' : ` of ${p.total}`}${p.current ? ` · ${p.current}` : ''}`);
              }
            });
          });
          const handlers = createHandlers(services);
          if (command === 'import') await handlers['library.importFolder']({ folder: folder as string });
          else if (command === 'import-csv') await handlers['library.importCsv']({ file: folder as string, list: list?.data ?? null });
          else await handlers['library.analyze']({});
          const result = await finished;
          if (result.status !== 'done' || !result.summary) {
            const code = (result.error?.code as ErrorCode | undefined) ?? 'internal';
            throw new EmotuneError(code, result.error?.message ?? `${command} ${result.status}`);
          }
          out({ ...result.summary, librarySize: services.repository.count() });
          return 0;
        } finally {
          await services.close();
        }
      }
      case 'recommend': {
        const emotion = EmotionSchema.safeParse(values.emotion);
        if (!emotion.success) {
          throw new EmotuneError('invalid-input', `--emotion must be one of ${EmotionSchema.options.join(', ')}`);
        }
        const strategy = values.strategy === undefined ? undefined : oneOf(values.strategy, ['emotune', 'paper1', 'paper2', 'random'] as const, 'strategy');
        const mode = values.mode === undefined ? undefined : oneOf(values.mode, ['match', 'lift'] as const, 'mode');
        const services = createServices(baseConfig(false));
        try {
          const k = values.k ? integer(values.k, 'k') : DEFAULT_SETTINGS.playlistSize;
          out(await createHandlers(services)['recommend.forMood']({ emotion: emotion.data, k, ...(strategy ? { strategy } : {}), ...(mode ? { mode } : {}) }));
          return 0;
        } finally {
          await services.close();
        }
      }
      case 'eval-audio': {
        if (!values.data) throw new EmotuneError('invalid-input', 'eval-audio needs --data <folder of clips>');
        const threads = values.threads ? Math.max(1, integer(values.threads, 'threads')) : availableParallelism();
        out(
          await evaluateAudio({
            data: resolve(values.data),
            ...(values.labels ? { labels: resolve(values.labels) } : {}),
            modelFile: join(appRoot, 'assets', 'music-emotion', 'model.json'),
            workerUrl: analysisWorkerUrl(io.entryUrl),
            threads,
            onProgress: (done, total, file) => note(`analysed ${done} of ${total} · ${file}`),
          }),
        );
        return 0;
      }
      case 'eval-rec':
        out(await evaluateRecommendationsCommand(values, baseConfig, appRoot, note));
        return 0;
      case 'serve': {
        // One server per data folder (two would share the camera and the library): a second start points to the first.
        const locked = await lockDataDir(dataDir);
        if ('running' in locked) {
          const { url, pid } = locked.running;
          out({ url, port: Number(new URL(url).port), dataDir, alreadyRunning: true, pid });
          note(`Emotune is already running with the data folder ${dataDir} (process ${pid}). Open ${url}`);
          if (values.open) openPrivately(dataDir, url, openInBrowser, note);
          return 0;
        }
        await serveBrowserMode({
            dataDir,
            lock: locked.lock,
            createServices: () => createServices(baseConfig(true)),
            createHandlers,
            startServer: async (services, handlers) => {
              // The last run's port and token, so open tabs reconnect after a restart (browser-identity.ts).
              const saved = readIdentity(dataDir);
              const token = (!values['new-token'] && saved.token) || newToken();
              const asked = values.port ? integer(values.port, 'port') : io.env.EMOTUNE_PORT ? Number(io.env.EMOTUNE_PORT) : null;
              const start = (port: number) => startBrowserServer({ services, handlers, rendererDir: join(appRoot, 'out', 'renderer'), port, token });
              let server;
              if (asked === null && saved.port) {
                server = await start(saved.port).catch((error: NodeJS.ErrnoException) => {
                  if (error.code === 'EADDRINUSE' || error.code === 'EACCES') return start(0);
                  throw error;
                });
              } else server = await start(asked ?? 0);
              writeIdentity(dataDir, { port: server.port, token });
              return server;
            },
            open: values.open === true,
            stopSignal: io.stopSignal,
            out,
            note,
          });
        return 0;
      }
      default:
        throw new EmotuneError('invalid-input', `unknown command ${command}\n${USAGE}`);
    }
  } catch (error) {
    io.stderr.write(`${JSON.stringify({ error: toErrorPayload(error) })}\n`);
    return error instanceof EmotuneError && error.code === 'invalid-input' ? 2 : 1;
  }
}

function oneOf<T extends string>(text: string, options: readonly T[], name: string): T {
  if (!(options as readonly string[]).includes(text)) throw new EmotuneError('invalid-input', `--${name} must be one of ${options.join(', ')}`);
  return text as T;
}

async function evaluateRecommendationsCommand(
  values: { library?: string; labels?: string; strategy?: string; mode?: string; subsets?: string; 'subset-size'?: string; 'cross-fit'?: boolean; seed?: string },
  baseConfig: (live: boolean) => AppConfig,
  appRoot: string,
  note: (text: string) => void,
): Promise<unknown> {
  if (!values.library) throw new EmotuneError('invalid-input', 'eval-rec needs --library <folder | table.csv>');
  const library = resolve(values.library);
  const strategies = (values.strategy ?? EVAL_STRATEGIES.join(',')).split(',').map((s) => oneOf(s.trim(), EVAL_STRATEGIES, 'strategy'));
  const options = {
    strategies,
    mode: values.mode ? oneOf(values.mode, ['match', 'lift'] as const, 'mode') : ('match' as const),
    subsets: values.subsets ? integer(values.subsets, 'subsets') : 100,
    subsetSize: values['subset-size'] ? integer(values['subset-size'], 'subset-size') : 150,
    seed: values.seed ? integer(values.seed, 'seed') : 1,
    targets: loadEmotionTargets(join(appRoot, 'data', 'emotion-targets.json')),
  };
  if (/\.csv(\.gz)?$/i.test(library)) {
    const table = loadEvalTable(library, { appRoot, crossFit: values['cross-fit'] ?? false, seed: options.seed, log: note });
    return { library, kind: table.kind, ...evaluateRecommendations(table.songs, options) };
  }
  const clips = values.labels ? readAudioLabels(resolve(values.labels)) : labelsFromQuadrantFolders(library);
  // A library of its own, in a temporary data folder, so the user's library is never touched.
  const dataDir = mkdtempSync(join(tmpdir(), 'emotune-eval-rec-'));
  const services = createServices({ ...baseConfig(false), dataDir, dbFile: join(dataDir, 'library.sqlite') });
  try {
    const loaded = await loadAudioEvalLibrary(services, library, clips, { crossFit: values['cross-fit'] ?? false, seed: options.seed, onProgress: note });
    return {
      library,
      kind: values['cross-fit']
        ? 'audio, each song placed by a model trained on the other folds (grouped by artist)'
        : 'audio, each song placed by the shipped music-emotion model',
      notAnalysed: loaded.notAnalysed,
      unlabelled: loaded.unlabelled,
      ...evaluateRecommendations(loaded.songs, options),
    };
  } finally {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function integer(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new EmotuneError('invalid-input', `--${name} must be a whole number`);
  return n;
}

