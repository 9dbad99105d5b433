import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisWorkerData, FromAnalysisWorker, ToAnalysisWorker } from './analysis.protocol.ts';
import { analyzeAudioFile, analyzeDecodedAudio } from './audio-features.ts';
import { NeedsWindowDecoderError } from './decode-audio.ts';
import { DESCRIPTOR_NAMES } from './descriptors.ts';
import { checkModelFits, MusicEmotionModelSchema, type MusicEmotionModel } from './music-emotion-model.ts';
import { lowerThisThreadPriority } from './thread-priority.ts';

/** One audio-analysis thread of the pool: decodes and measures the files it is sent, one at a time. */
if (!parentPort) throw new Error('analysis.worker must run as a worker thread');
const port = parentPort;
const send = (message: FromAnalysisWorker): void => port.postMessage(message);
const init = (workerData ?? {}) as AnalysisWorkerData;
// Analysis is background work: behind the camera, the emotion model and the UI (they run at normal priority).
const niceness = init.background === false ? null : lowerThisThreadPriority();
send({ type: 'started', niceness });
const model: MusicEmotionModel | null = init.model ? MusicEmotionModelSchema.parse(init.model) : null;
if (model) checkModelFits(model, DESCRIPTOR_NAMES);

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToAnalysisWorker) => {
  queue = queue.then(async () => {
    const started = performance.now();
    try {
      const features =
        message.type === 'analyze'
          ? await analyzeAudioFile(message.path, model, undefined, message.durationSec)
          : analyzeDecodedAudio(message.excerpts, message.rate, message.durationSec, model);
      send({ type: 'analyzed', id: message.id, features, ms: performance.now() - started });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const text = code === 'ENOENT' ? 'the file is missing' : (error as Error).message;
      send({ type: 'failed', id: message.id, message: text, ...(error instanceof NeedsWindowDecoderError ? { needsWindowDecoder: true } : {}) });
    }
  });
});
