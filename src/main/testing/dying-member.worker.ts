// A stand-in for an ensemble member's thread (emotion/models/member-thread.ts) that loads, then dies on its
// first batch: how member-thread.test.ts shows that losing the thread costs the batch in hand, not later answers.
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('dying-member.worker must run as a worker thread');
port.on('message', (message: { type: string; key?: number; dir?: string }) => {
  if (message.type === 'load') {
    port.postMessage({
      type: 'loaded',
      key: message.key,
      manifest: { name: 'dying', displayName: 'Dying', format: 'layers-model', modelFile: 'model.json', inputSize: 2, inputRange: [0, 1], labels: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'], outputIsProbability: true },
    });
    return;
  }
  process.exit(3);
});
