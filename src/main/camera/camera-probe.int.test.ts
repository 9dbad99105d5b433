import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { forkProbe, probeCameraSource } from './camera-probe.ts';
import { loadOpenCV } from './opencv.ts';

const temp = useTempDir();
const script = pathToFileURL(join(import.meta.dirname, 'camera-probe.child.ts'));
const start = (source: string) => forkProbe(script, source);

describe('probeCameraSource (a source tried in another process first)', () => {
  it('answers for a video that gives frames, and says why for one that does not', async () => {
    const cv = loadOpenCV();
    const video = join(temp.path, 'clip.avi');
    const writer = new cv.VideoWriter(video, cv.VideoWriter.fourcc('MJPG'), 10, new cv.Size(64, 48), true);
    for (let i = 0; i < 5; i += 1) writer.write(new cv.Mat(48, 64, cv.CV_8UC3, [i * 20, 50, 90]));
    writer.release();
    await expect(probeCameraSource(start, video, 60)).resolves.toBeUndefined();
    writeFileSync(join(temp.path, 'garbage.avi'), Buffer.alloc(2048, 3));
    await expect(probeCameraSource(start, join(temp.path, 'garbage.avi'), 60)).rejects.toThrow();
  }, 120_000);

  it('gives up on a source that blocks (a named pipe nobody writes) and kills its check; the app runs on meanwhile', async () => {
    // Issue 14, item 6: OpenCV opened such a source on the app's own thread, and every request timed out.
    const fifo = join(temp.path, 'blocking.fifo');
    execFileSync('mkfifo', [fifo]);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    await expect(probeCameraSource(start, fifo, 2)).rejects.toThrow('it did not answer within 2 s');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(20);
  }, 60_000);
});
