import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CameraStatus, PreviewFrame } from '../../shared/api/index.ts';
import { makeCameraVideo } from '../testing/camera-video.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { until } from '../testing/until.ts';
import { CameraService, type CameraFrame, type CameraSettings } from './camera.service.ts';
import { FaceDetector } from './face-detector.ts';
import { FrameAnalyzer } from './frame-analyzer.ts';
import { loadOpenCV } from './opencv.ts';

const temp = useTempDir();
const cv = loadOpenCV();

/** A short synthetic clip (a moving gradient, no face) written with OpenCV's own MJPEG encoder. */
function writeSyntheticVideo(path: string, frames = 20): void {
  const writer = new cv.VideoWriter(path, cv.VideoWriter.fourcc('MJPG'), 10, new cv.Size(320, 240), true);
  for (let i = 0; i < frames; i += 1) {
    const frame = new cv.Mat(240, 320, cv.CV_8UC3, [i * 10, 100, 200 - i * 5]);
    writer.write(frame);
  }
  writer.release();
}

function start(settings: Partial<CameraSettings> & { cameraSource: string }, deviceExists = (): boolean => false) {
  const statuses: CameraStatus[] = [];
  const frames: CameraFrame[] = [];
  const previews: PreviewFrame[] = [];
  const camera = new CameraService({
    openVision: () => ({ cv, analyzer: new FrameAnalyzer({ cv, detector: new FaceDetector(cv) }) }),
    settings: () => ({ analysisFps: 10, previewFps: 5, cameraRetrySec: 0.3, ...settings }),
    onStatus: (s) => statuses.push(s),
    onFrame: async (f) => void frames.push(f),
    onPreview: (p) => previews.push(p),
    deviceExists,
  });
  camera.start();
  return { camera, statuses, frames, previews };
}


describe('CameraService (OpenCV VideoCapture on a video file)', () => {
  it('plays a file in real time, loops it, and sends frames and previews', async () => {
    const video = join(temp.path, 'clip.avi');
    writeSyntheticVideo(video, 10);
    const { camera, statuses, frames, previews } = start({ cameraSource: video });
    await until(() => frames.length >= 15);
    await camera.stop();
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'live', 'stopped']);
    // 10 frames at 10 fps is a 1 s clip: 15 analysed frames means it looped, at real-time pace (≥ 1.3 s).
    expect((frames.at(-1)?.capturedAt ?? 0) - (frames[0]?.capturedAt ?? 0)).toBeGreaterThan(1300);
    expect(frames[0]?.gray.width).toBe(320);
    expect(frames[0]?.faces).toEqual([]);
    expect(previews.length).toBeGreaterThan(2);
    expect(Buffer.from(previews[0]?.jpegBase64 ?? '', 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('says the camera is missing, keeps retrying, and recovers when it appears', async () => {
    const video = join(temp.path, 'later.avi');
    const { camera, statuses, frames } = start({ cameraSource: video });
    await until(() => statuses.some((s) => s.state === 'unavailable'));
    const unavailable = statuses.find((s) => s.state === 'unavailable');
    expect(unavailable).toMatchObject({ problem: 'not-found', message: expect.stringMatching(/does not exist/) });
    expect(unavailable?.retryAt).toBeGreaterThan(Date.now() - 1000);
    writeSyntheticVideo(video);
    await until(() => frames.length > 0);
    expect(statuses.at(-1)?.state).toBe('live');
    await camera.stop();
  });

  it('tells "no camera" from "camera busy" for a device index', async () => {
    const absent = start({ cameraSource: '7' }, () => false);
    await until(() => absent.statuses.some((s) => s.state === 'unavailable'));
    expect(absent.statuses.at(-1)).toMatchObject({ problem: 'not-found', message: expect.stringMatching(/\/dev\/video7/) });
    await absent.camera.stop();
    // A device node that exists but cannot be opened (another app holds it, or no permission).
    const busy = start({ cameraSource: '7' }, () => true);
    await until(() => busy.statuses.some((s) => s.state === 'unavailable'));
    expect(busy.statuses.at(-1)).toMatchObject({ problem: 'busy' });
    await busy.camera.stop();
  });

  it('refuses a named pipe as the camera without blocking (it would wait for a writer for ever), and says what it is', async () => {
    // Issue 14, item 6: a FIFO hung the main thread: every request timed out and SIGTERM was ignored.
    const { execFileSync } = await import('node:child_process');
    const fifo = join(temp.path, 'camera.fifo');
    execFileSync('mkfifo', [fifo]);
    const { camera, statuses } = start({ cameraSource: fifo });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    await until(() => statuses.some((s) => s.state === 'unavailable'));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(statuses.at(-1)).toMatchObject({ problem: 'failed', message: `${fifo} is not a video file or a camera (it is a named pipe).` });
    await camera.stop();
    const folder = start({ cameraSource: temp.path });
    await until(() => folder.statuses.some((s) => s.state === 'unavailable'));
    expect(folder.statuses.at(-1)?.message).toMatch(/it is a folder/);
    await folder.camera.stop();
  });

  it('tries a source in another process first: one that does not answer is unavailable, and the app thread never waits on it', async () => {
    const video = join(temp.path, 'probed.avi');
    writeSyntheticVideo(video, 10);
    const asked: string[] = [];
    let answer: 'hang' | 'ok' = 'hang';
    const statuses: CameraStatus[] = [];
    const frames: CameraFrame[] = [];
    const camera = new CameraService({
      openVision: () => ({ cv, analyzer: new FrameAnalyzer({ cv, detector: new FaceDetector(cv) }) }),
      settings: () => ({ cameraSource: video, analysisFps: 10, previewFps: 0, cameraRetrySec: 0.2 }),
      onStatus: (st) => statuses.push(st),
      onFrame: async (f) => void frames.push(f),
      onPreview: () => {},
      probe: async (source) => {
        asked.push(`${answer} ${source}`);
        if (answer === 'hang') throw new Error('it did not answer within 10 s');
      },
    });
    camera.start();
    await until(() => statuses.some((st) => st.state === 'unavailable'));
    expect(statuses.find((st) => st.state === 'unavailable')?.message).toBe(`The video file ${video} could not be used: it did not answer within 10 s.`);
    answer = 'ok';
    await until(() => frames.length >= 12); // live, and looped past the clip's end (10 frames)
    await camera.stop();
    // Asked until it answered, then not again for the same source (the video looped without a new check).
    expect(asked.filter((a) => a.startsWith('ok ')).length).toBe(1);
    expect(asked.at(-1)).toBe(`ok ${video}`);
  });

  it('says plainly that a file of garbage is not a video (never "undefined")', async () => {
    const { writeFileSync } = await import('node:fs');
    const garbage = join(temp.path, 'garbage.avi');
    writeFileSync(garbage, Buffer.alloc(4096, 7));
    const { camera, statuses } = start({ cameraSource: garbage });
    await until(() => statuses.some((s) => s.state === 'unavailable'));
    expect(statuses.at(-1)?.message).toMatch(/garbage\.avi/);
    expect(statuses.at(-1)?.message).not.toMatch(/undefined/);
    await camera.stop();
  });

  it('says so, once, when OpenCV itself cannot be loaded, and stops', async () => {
    const statuses: CameraStatus[] = [];
    const camera = new CameraService({
      openVision: () => {
        throw new Error('OpenCV could not be loaded (libopencv_core.so.406: cannot open shared object file)');
      },
      settings: () => ({ cameraSource: '0', analysisFps: 10, previewFps: 5, cameraRetrySec: 0.1 }),
      onStatus: (s) => statuses.push(s),
      onFrame: async () => {},
      onPreview: () => {},
    });
    camera.start();
    await until(() => statuses.some((s) => s.state === 'unavailable'));
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses.filter((s) => s.state === 'unavailable')).toHaveLength(1);
    expect(statuses.at(-1)).toMatchObject({ problem: 'failed', message: expect.stringMatching(/OpenCV could not be loaded/), retryAt: null });
    await camera.stop();
  });

  it.skipIf(!hasShared('data', 'faces'))('finds the face in the demo video built from the real photos', async () => {
    const video = join(temp.path, 'faces.avi');
    makeCameraVideo(video, { facesDir: sharedPath('data', 'faces'), secondsPerPhoto: 1, fps: 10 });
    const { camera, frames } = start({ cameraSource: video });
    await until(() => frames.length >= 5);
    await camera.stop();
    expect(frames.every((f) => f.faces.length === 1)).toBe(true);
    expect(frames[0]?.gray.width).toBe(640);
  });
  if (!hasShared('data', 'faces')) console.warn(skipMessage('data', 'faces'));
});
