import { parentPort } from 'node:worker_threads';
import type { FromAnalysisWorker, ToAnalysisWorker } from './analysis.protocol.ts';
import { analyzeAudioFile } from './audio-features.ts';

/** One audio-analysis thread of the pool: decodes and measures the files it is sent, one at a time. */
if (!parentPort) throw new Error('analysis.worker must run as a worker thread');
const port = parentPort;
const send = (message: FromAnalysisWorker): void => port.postMessage(message);

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToAnalysisWorker) => {
  queue = queue.then(async () => {
    const started = performance.now();
    try {
      const features = await analyzeAudioFile(message.path);
      send({ type: 'analyzed', id: message.id, features, ms: performance.now() - started });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const text = code === 'ENOENT' ? 'the file is missing' : (error as Error).message;
      send({ type: 'failed', id: message.id, message: text });
    }
  });
});
