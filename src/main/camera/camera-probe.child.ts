// A child process that opens a camera source once and says whether it gives a frame (camera-probe.ts starts
// it). OpenCV opens and reads synchronously and some sources block for ever (a hung driver, a stalled network
// mount); in a process of its own that blocks nothing, and it can be killed. (A worker thread cannot serve:
// the OpenCV addon is not context-aware and the process crashes when a worker that loaded it exits.)
import { loadOpenCV } from './opencv.ts';

type Reply = { ok: true } | { ok: false; message: string };
const parentPort = (process as unknown as { parentPort?: { postMessage(m: Reply): void } }).parentPort;
const reply = (message: Reply): void => {
  if (parentPort) parentPort.postMessage(message); // Electron's utility process
  else process.send?.(message); // Node's fork
};

const arg = process.argv[2] ?? '';
const source = /^\d{1,3}$/.test(arg) ? Number(arg) : arg;
try {
  const cv = loadOpenCV();
  const capture = new cv.VideoCapture(source);
  const frame = capture.read();
  capture.release();
  reply(frame.empty ? { ok: false, message: 'it gives no picture' } : { ok: true });
} catch (error) {
  reply({ ok: false, message: (error as Error)?.message || 'it could not be opened' });
}
setTimeout(() => process.exit(0), 50);
