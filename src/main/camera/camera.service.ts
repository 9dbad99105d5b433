import { existsSync, statSync } from 'node:fs';
import type { CameraStatus, PreviewFrame } from '../../shared/api/index.ts';
import { describeCameraSource, parseCameraSource, type CameraSource } from './camera-source.ts';
import type { AnalyzedFrame, FrameAnalyzer } from './frame-analyzer.ts';
import type { Mat, OpenCV } from './opencv.ts';

export interface CameraFrame extends AnalyzedFrame {
  capturedAt: number;
  captureMs: number;
}

export interface CameraSettings {
  cameraSource: string;
  analysisFps: number;
  previewFps: number;
  cameraRetrySec: number;
}

/** OpenCV and the frame analyzer, loaded when the camera first starts (the native binding may be missing). */
export interface Vision {
  cv: OpenCV;
  analyzer: FrameAnalyzer;
}

export interface CameraServiceDeps {
  openVision(): Vision;
  settings(): CameraSettings;
  onStatus(status: CameraStatus): void;
  /** Called for each analysed frame; the loop waits for it, so a slow consumer lowers the frame rate. */
  onFrame(frame: CameraFrame): Promise<void>;
  onPreview(preview: PreviewFrame): void;
  /** Whether a V4L2 device node exists, to tell "no camera" from "camera busy". */
  deviceExists?(index: number): boolean;
  /**
   * Tries a source in another process, with a time limit, before it is opened here (camera-probe.ts): a
   * source that blocks (a hung device or network mount) is then said to be unavailable instead of freezing the
   * app. Asked once per source as the user set it (a video file that loops is not asked again).
   */
  probe?(source: string | number): Promise<void>;
  now?(): number;
  previewWidth?: number;
}

type PumpOutcome = { kind: 'ended' } | { kind: 'lost'; message: string } | { kind: 'stopped' };

/**
 * Owns the camera: opens the source with OpenCV's VideoCapture, reads frames at the analysis rate (a video
 * file plays in real time and loops), hands each analysed frame on, sends small JPEG previews, and reports
 * its state. A missing, busy or failing camera is retried every few seconds, so plugging it back in (or
 * closing the app that held it) brings the mood back without a restart.
 */
export class CameraService {
  /** The source text that last answered the probe (not asked again while it stays the same). */
  #probed: string | null = null;
  readonly #deps: CameraServiceDeps;
  readonly #now: () => number;
  #run: { controller: AbortController; done: Promise<void> } | null = null;
  #vision: Vision | null = null;
  #status: CameraStatus;

  constructor(deps: CameraServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#status = {
      state: 'stopped',
      source: deps.settings().cameraSource,
      problem: null,
      message: null,
      retryAt: null,
    };
  }

  get status(): CameraStatus {
    return this.#status;
  }

  start(): void {
    if (this.#run) return;
    const controller = new AbortController();
    this.#run = { controller, done: this.#loop(controller.signal) };
  }

  async stop(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    run.controller.abort();
    await run.done;
  }

  /** Restarts on the new source (the caller has saved it in settings). */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  async #loop(signal: AbortSignal): Promise<void> {
    try {
      this.#vision ??= this.#deps.openVision();
    } catch (error) {
      // Without OpenCV there is no camera, however often we retry; the rest of the app works on.
      this.#setStatus({
        state: 'unavailable',
        source: this.#deps.settings().cameraSource,
        problem: 'failed',
        message: (error as Error).message,
        retryAt: null,
      });
      return;
    }
    const vision = this.#vision;
    // Whoever started the camera (the app starting up) goes on first; opening happens on a later turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!signal.aborted) {
      const text = this.#deps.settings().cameraSource;
      const source = parseCameraSource(text);
      // A looping video file reopens while live: no "starting" flicker then.
      if (this.#status.state !== 'live' || this.#status.source !== text) {
        this.#setStatus({ state: 'starting', source: text, problem: null, message: null, retryAt: null });
      }
      let capture: import('@u4/opencv4nodejs').VideoCapture;
      try {
        this.#check(source);
        if (this.#deps.probe && this.#probed !== text) {
          try {
            await this.#deps.probe(source.kind === 'device' ? source.index : source.path);
          } catch (error) {
            const what = source.kind === 'device' ? `Camera ${source.index}` : `The video file ${source.path}`;
            throw new CameraOpenError('failed', `${what} could not be used: ${describeOpenError(error)}.`);
          }
          this.#probed = text;
          if (signal.aborted) break;
        }
        capture = this.#open(vision.cv, source);
      } catch (error) {
        this.#probed = null;
        await this.#unavailable(text, error as CameraOpenError, signal);
        continue;
      }
      this.#setStatus({ state: 'live', source: text, problem: null, message: null, retryAt: null });
      let outcome: PumpOutcome;
      try {
        outcome = await this.#pump(vision, capture, source, signal);
      } catch (error) {
        outcome = { kind: 'lost', message: `reading frames failed: ${(error as Error).message}` };
      } finally {
        capture.release();
      }
      if (outcome.kind === 'lost') {
        await this.#unavailable(text, new CameraOpenError('failed', outcome.message), signal);
      }
      // 'ended': a video file reached its end and is reopened at once, so it loops.
    }
    this.#setStatus({ ...this.#status, state: 'stopped', problem: null, message: null, retryAt: null });
  }

  /** What can be told of a source without opening it (it exists, and is a file or a camera device). */
  #check(source: CameraSource): void {
    if (source.kind === 'file') {
      // Only a regular file or a camera device: opening a named pipe, a socket or a terminal blocks until a
      // writer comes (for ever), and OpenCV opens synchronously, on the thread that serves everything else.
      const kind = fileKind(source.path);
      if (kind === 'missing') throw new CameraOpenError('not-found', `The video file ${source.path} does not exist.`);
      if (kind !== 'file' && kind !== 'camera') {
        throw new CameraOpenError('failed', `${source.path} is not a video file or a camera (it is ${kind}).`);
      }
    }
    const deviceExists = this.#deps.deviceExists ?? ((i: number) => existsSync(`/dev/video${i}`));
    if (source.kind === 'device' && process.platform === 'linux' && !deviceExists(source.index)) {
      throw new CameraOpenError('not-found', `No camera found (there is no /dev/video${source.index}).`);
    }
  }

  #open(cv: OpenCV, source: CameraSource): import('@u4/opencv4nodejs').VideoCapture {
    let capture: import('@u4/opencv4nodejs').VideoCapture;
    try {
      capture = new cv.VideoCapture(source.kind === 'device' ? source.index : source.path);
    } catch (error) {
      throw source.kind === 'device'
        ? new CameraOpenError(
            'busy',
            `Camera ${source.index} could not be opened: another app may be using it, or access was denied.`,
          )
        : new CameraOpenError('failed', `The video file ${source.path} could not be opened: ${describeOpenError(error)}`);
    }
    return capture;
  }

  async #pump(
    { cv, analyzer }: Vision,
    capture: import('@u4/opencv4nodejs').VideoCapture,
    source: CameraSource,
    signal: AbortSignal,
  ): Promise<PumpOutcome> {
    const isFile = source.kind === 'file';
    const fps = isFile ? capture.get(cv.CAP_PROP_FPS) || 25 : 0;
    const startedAt = this.#now();
    let frameIndex = 0;
    let emptyReads = 0;
    let lastAnalyzedAt = -Infinity;
    let lastPreviewAt = -Infinity;
    while (!signal.aborted) {
      const readStarted = performance.now();
      const frame = await capture.readAsync();
      const captureMs = performance.now() - readStarted;
      if (frame.empty) {
        if (isFile) return frameIndex === 0 ? { kind: 'lost', message: 'the video file has no frames' } : { kind: 'ended' };
        emptyReads += 1;
        if (emptyReads > 20) return { kind: 'lost', message: `${describeCameraSource(source)} stopped delivering frames` };
        await sleep(50, signal);
        continue;
      }
      emptyReads = 0;
      if (isFile) {
        // Play the file in real time: drop frames when behind, wait when ahead.
        const frameTimeMs = (frameIndex / fps) * 1000;
        frameIndex += 1;
        const elapsedMs = this.#now() - startedAt;
        if (frameTimeMs + 1000 / fps < elapsedMs) continue;
        if (frameTimeMs > elapsedMs) await sleep(frameTimeMs - elapsedMs, signal);
      }
      const settings = this.#deps.settings();
      const now = this.#now();
      if (now - lastAnalyzedAt < 1000 / settings.analysisFps) continue;
      lastAnalyzedAt = now;
      const analyzed = await analyzer.analyze(frame);
      if (settings.previewFps > 0 && now - lastPreviewAt >= 1000 / settings.previewFps) {
        lastPreviewAt = now;
        void this.#sendPreview(cv, analyzed, now);
      }
      if (signal.aborted) break;
      await this.#deps.onFrame({ ...analyzed, capturedAt: now, captureMs });
    }
    return { kind: 'stopped' };
  }

  async #sendPreview(cv: OpenCV, frame: AnalyzedFrame, at: number): Promise<void> {
    const width = Math.min(this.#deps.previewWidth ?? 320, frame.color.cols);
    const k = width / frame.color.cols;
    const height = Math.round(frame.color.rows * k);
    try {
      const small: Mat = k < 1 ? await frame.color.resizeAsync(height, width, 0, 0, cv.INTER_AREA) : frame.color;
      const jpeg = await cv.imencodeAsync('.jpg', small, [cv.IMWRITE_JPEG_QUALITY, 70]);
      this.#deps.onPreview({
        jpegBase64: jpeg.toString('base64'),
        width,
        height,
        faces: frame.faces.map(([x, y, w, h]) => [x * k, y * k, w * k, h * k]),
        at,
      });
    } catch {
      // A preview is best effort; the next one follows within a second.
    }
  }

  async #unavailable(source: string, error: CameraOpenError, signal: AbortSignal): Promise<void> {
    const retryMs = this.#deps.settings().cameraRetrySec * 1000;
    this.#setStatus({
      state: 'unavailable',
      source,
      problem: error.problem,
      message: error.message,
      retryAt: this.#now() + retryMs,
    });
    await sleep(retryMs, signal);
  }

  #setStatus(status: CameraStatus): void {
    const same =
      status.state === this.#status.state &&
      status.source === this.#status.source &&
      status.problem === this.#status.problem &&
      status.message === this.#status.message &&
      status.retryAt === this.#status.retryAt;
    if (same) return;
    this.#status = status;
    this.#deps.onStatus(status);
  }
}

class CameraOpenError extends Error {
  readonly problem: NonNullable<CameraStatus['problem']>;

  constructor(problem: NonNullable<CameraStatus['problem']>, message: string) {
    super(message);
    this.problem = problem;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** What a camera path is, without opening it (stat never blocks on a pipe). */
function fileKind(path: string): 'missing' | 'file' | 'camera' | 'a named pipe' | 'a socket' | 'a folder' | 'a device, not a camera' | 'not a file' {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 'missing';
  }
  if (info.isFile()) return 'file';
  if (info.isCharacterDevice()) return /^\/dev\/video\d+$/.test(path) ? 'camera' : 'a device, not a camera';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a file';
}

/** OpenCV's errors are not always Errors with a message ("undefined" reached the user). */
function describeOpenError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return message && message !== 'undefined' && !/failed to open capture/i.test(message) ? message : 'it is not a video Emotune can read';
}
