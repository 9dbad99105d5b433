import { parentPort } from 'node:worker_threads';
import { ScanCancelled, scanForChanges } from './folder-scan.ts';
import type { FromScanWorker, ToScanWorker } from './scan.protocol.ts';

/** The import's file work (walking folders, reading tags) off the main thread; the main side writes. */
if (!parentPort) throw new Error('scan.worker must run as a worker thread');
const port = parentPort;
const send = (message: FromScanWorker): void => port.postMessage(message);
const controller = new AbortController();

port.on('message', (message: ToScanWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  scanForChanges(
    message.folder,
    new Map(message.known),
    {
      batch: (songs, errors) => send({ type: 'batch', songs, errors }),
      progress: (p) => send({ type: 'progress', ...p }),
    },
    { signal: controller.signal, batchSize: message.batchSize, exclude: message.exclude, ...(message.coversDir ? { coversDir: message.coversDir } : {}) },
  ).then(
    ({ counts, vanished }) => send({ type: 'done', counts, vanished }),
    (error: unknown) =>
      send(error instanceof ScanCancelled ? { type: 'cancelled', counts: error.counts } : { type: 'failed', message: (error as Error).message }),
  );
});
