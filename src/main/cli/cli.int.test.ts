import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotion.ts';
import { writeCorruptAudio, writeWav } from '../testing/audio-builders.ts';
import { APP_ROOT } from '../testing/services.ts';
import { hasShared, parseFaceLabels, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';

const run = promisify(execFile);
const BIN = join(APP_ROOT, 'bin', 'emotune.js');
const built = existsSync(join(APP_ROOT, 'out', 'main', 'cli.js'));
if (!built) console.warn('skipped: the CLI tests run the built `emotune` (out/main/cli.js); run `npm run build` first');
const temp = useTempDir();

async function emotune(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: APP_ROOT, env: { ...process.env, EMOTUNE_DATA_DIR: join(temp.path, 'data') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!built)('the emotune command', () => {
  it.skipIf(!hasShared('data', 'faces'))(
    'detect: one face, with an emotion and all seven probabilities, in single-face London photos',
    async () => {
      // Four photos through the command (a process each: model load and all); the whole set of 48 goes through
      // the same live path in one process in src/main/app/evaluate-photos.int.test.ts, so this test's work,
      // not a time limit, is what a slow machine has to get through.
      const london = parseFaceLabels(readFileSync(sharedPath('data', 'faces', 'labels.csv'), 'utf8')).filter((l) =>
        l.file.startsWith('london/'),
      );
      expect(london).toHaveLength(48);
      for (const { file } of london.filter((_, i) => i % 12 === 0)) {
        const { code, stdout } = await emotune('detect', sharedPath('data', 'faces', file));
        expect(code, stdout).toBe(0);
        const report = JSON.parse(stdout);
        const faces = report.frames[0].faces;
        expect(faces, file).toHaveLength(1);
        expect(EMOTIONS).toContain(faces[0].emotion);
        expect(report.backend).toMatch(/^(tensorflow|wasm|cpu)$/);
        expect(Object.keys(faces[0]?.probabilities ?? {})).toEqual([...EMOTIONS]);
      }
    },
    600_000,
  );

  it('detect: prints a clear JSON error for a missing or unreadable file', async () => {
    const missing = await emotune('detect', join(temp.path, 'none.jpg'));
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'not-found' } });
    const text = join(temp.path, 'fake.jpg');
    writeCorruptAudio(text);
    const unreadable = await emotune('detect', text);
    expect(unreadable.code).toBe(2);
    expect(JSON.parse(unreadable.stderr.trim().split('\n').at(-1) as string)).toMatchObject({ error: { code: 'invalid-input' } });
  });

  it('import then recommend, with --db', async () => {
    const music = join(temp.path, 'music');
    mkdirSync(music);
    writeWav(join(music, 'a.wav'), { seconds: 0.5, tags: { title: 'Party Time', genre: 'Dance' } });
    writeWav(join(music, 'b.wav'), { seconds: 0.5, tags: { title: 'Quiet', genre: 'Ambient' } });
    writeCorruptAudio(join(music, 'c.wav'));
    const db = join(temp.path, 'lib.sqlite');
    const imported = await emotune('import', music, '--db', db);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ found: 3, added: 2, failed: 1, librarySize: 2 });
    expect(imported.stderr).toMatch(/: \d+ of 3/);
    const again = await emotune('import', music, '--db', db);
    expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: 2, added: 0 });
    const rec = await emotune('recommend', '--emotion', 'happy', '--k', '5', '--db', db);
    expect(JSON.parse(rec.stdout)).toMatchObject({ emotion: 'happy', basis: 'genre', songs: [{ title: 'Party Time' }] });
    const calm = await emotune('recommend', '--emotion', 'fear', '--db', db);
    expect(JSON.parse(calm.stdout).songs.map((s: { title: string }) => s.title)).toEqual(['Quiet']);
    const paper1 = await emotune('recommend', '--emotion', 'sad', '--strategy', 'paper1', '--mode', 'lift', '--db', db);
    const chosen = JSON.parse(paper1.stdout);
    expect(chosen).toMatchObject({ strategy: 'paper1', basis: 'any' });
    expect(chosen.picks.map((p: { why: string }) => p.why)).toEqual(['drawn from the library', 'drawn from the library']);
  });

  it.skipIf(!hasShared('data', 'expressions') || !hasShared('data', 'faces'))(
    'eval --labels: labelled photos through the live path, a photo without one face counted wrong, with calibration',
    async () => {
      const data = join(temp.path, 'photos');
      mkdirSync(data);
      const rows = readFileSync(sharedPath('data', 'expressions', 'labels.csv'), 'utf8').trim().split('\n').slice(1);
      const chosen = EMOTIONS.flatMap((e) => rows.filter((r) => r.split(',')[1] === e).slice(0, 2));
      const lines = ['file,expression,subject'];
      chosen.forEach((row, i) => {
        const [file, expression, subject] = row.split(',');
        symlinkSync(sharedPath('data', 'expressions', file as string), join(data, `${i}.jpg`));
        lines.push(`${i}.jpg,${expression},${subject}`);
      });
      const noFace = parseFaceLabels(readFileSync(sharedPath('data', 'faces', 'labels.csv'), 'utf8')).find((l) => l.expectedFaces === 0);
      symlinkSync(sharedPath('data', 'faces', noFace?.file as string), join(data, 'empty.jpg'));
      lines.push('empty.jpg,neutral,nobody');
      writeFileSync(join(data, 'labels.csv'), `${lines.join('\n')}\n`);
      const report = join(temp.path, 'photos.html');
      const { code, stdout } = await emotune('eval', '--data', data, '--labels', join(data, 'labels.csv'), '--report', report);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({ count: 15, notOneFace: [{ file: 'empty.jpg', faces: 0 }], answers: 15 });
      expect(result.perClass.neutral.support).toBe(3);
      expect(result.calibration.ece).toBeGreaterThanOrEqual(0);
      expect(result.calibration.bins).toHaveLength(10);
      expect(result.perSubject.nobody).toEqual({ accuracy: 0, count: 1 });
      // Not the photo set the default model's camera correction was fitted on: applied as the app applies it.
      expect(result.cameraOffset).toEqual({ mode: 'shipped' });
      // Photos of known people: also read as the app reads a listener whose resting face it learnt while they
      // listened (each person's other neutral-read photos), with the default model's head as shipped.
      expect(result.learntWhileListening).toMatchObject({ mode: 'shipped', accuracy: expect.any(Number), recall: { fear: expect.any(Number) } });
      expect(result.learntWhileListening.peopleLearnt).toBeGreaterThan(0);
      expect(readFileSync(report, 'utf8')).toMatch(/Reliability diagram/);
    },
    120_000,
  );

  it.skipIf(!hasShared('data', 'mer4q'))(
    'eval-audio: analyses labelled clips through the app and scores them (a broken clip is listed, not fatal)',
    async () => {
      const data = join(temp.path, 'clips');
      const labels = readFileSync(sharedPath('data', 'mer4q', 'labels.csv'), 'utf8').trim().split('\n').slice(1);
      for (const quadrant of ['Q1', 'Q2', 'Q3', 'Q4']) {
        mkdirSync(join(data, quadrant), { recursive: true });
        for (const row of labels.filter((r) => r.split(',')[1] === quadrant).slice(0, 2)) {
          const file = row.split(',')[2] as string;
          symlinkSync(sharedPath('data', 'mer4q', file), join(data, file));
        }
      }
      writeCorruptAudio(join(data, 'Q1', 'broken.wav'));
      const { code, stdout, stderr } = await emotune('eval-audio', '--data', data, '--threads', '1');
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({ model: 'emotune-mer-logistic', labelled: 9, analysed: 8, failed: [{ file: join('Q1', 'broken.wav') }] });
      expect(report.quadrant.confusion).toHaveLength(4);
      expect(report.valence.auc).toBeGreaterThanOrEqual(0);
      expect(report.arousal.auc).toBeGreaterThan(0.5);
      expect(report.speed.secondsPerClip).toBeGreaterThan(0);
      expect(stderr).toMatch(/analysed 9 of 9/);
    },
    120_000,
  );

  it.skipIf(!hasShared('data', 'songs'))('eval-rec: every strategy side by side on a labelled feature table', async () => {
    const { code, stdout } = await emotune('eval-rec', '--library', sharedPath('data', 'songs', 'deezer-va-dev.csv'), '--subsets', '5');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ songs: 830, relevance: { happy: 'Q1', angry: 'Q2', sad: 'Q3', neutral: 'Q4' } });
    expect(Object.keys(report.strategies)).toEqual(['emotune', 'paper2', 'paper1', 'random']);
    expect(report.strategies.emotune.subLibraries).toMatchObject({ count: 5, size: 150 });
    expect(report.kind).toMatch(/placed from its Spotify valence and energy by the shipped placement model/);
    expect(report.strategies.emotune.fullLibrary.mean.p5).toBeGreaterThan(report.strategies.random.fullLibrary.mean.p5);
    // --cross-fit: each song placed by a model that never saw its artist; still ahead of paper 2 and random.
    const crossFitted = await emotune('eval-rec', '--library', sharedPath('data', 'songs', 'deezer-va-dev.csv'), '--subsets', '20', '--cross-fit');
    expect(crossFitted.code).toBe(0);
    const honest = JSON.parse(crossFitted.stdout);
    expect(honest.kind).toMatch(/trained on the table's other folds/);
    for (const other of ['paper2', 'random']) expect(honest.strategies.emotune.subLibraries.p5Mean).toBeGreaterThan(honest.strategies[other].subLibraries.p5Mean);
    const refused = await emotune('eval-rec', '--library', sharedPath('data', 'songs', 'deezer-va-dev.csv'), '--strategy', 'magic');
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr).error.message).toMatch(/--strategy must be one of/);
  });

  it('import: killed midway, it leaves a sound library and the next import completes it', async () => {
    // Enough files that the import cannot finish between a progress line and the kill: progress comes
    // 10 times a second, and 400 tiny files once took less than one tick (the kill then came too late).
    const total = 4000;
    const music = join(temp.path, 'many');
    mkdirSync(music);
    for (let i = 0; i < total; i += 1) writeWav(join(music, `track-${i}.wav`), { seconds: 0.05, tags: { title: `Track ${i}` } });
    const db = join(temp.path, 'killed.sqlite');
    const child = spawn(process.execPath, [BIN, 'import', music, '--db', db], { cwd: APP_ROOT, env: { ...process.env, EMOTUNE_DATA_DIR: join(temp.path, 'data') } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stderr.on('data', (chunk: Buffer) => {
      if (new RegExp(`reading tags: [1-9]\\d{2,} of ${total}`).test(chunk.toString())) child.kill('SIGKILL');
    });
    expect(await exited, 'the import ended before it could be killed').toBe('SIGKILL');
    const check = new Sqlite(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const written = (check.prepare('SELECT count(*) AS n FROM songs').get() as { n: number }).n;
    check.close();
    expect(written).toBeLessThan(total);
    const resumed = await emotune('import', music, '--db', db);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ found: total, unchanged: written, added: total - written, librarySize: total });
  }, 120_000);

  it('serve: a second start with the same data folder points to the running one; after a stop or a crash a new one starts', async () => {
    const serve = async (extra: string[] = []): Promise<{ child: ReturnType<typeof spawn>; url: string; exited: Promise<unknown> }> => {
      const child = spawn(process.execPath, [BIN, 'serve', '--camera', join(temp.path, 'no-camera.avi'), ...extra], {
        cwd: APP_ROOT,
        env: { ...process.env, EMOTUNE_DATA_DIR: join(temp.path, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.trimEnd().endsWith('}')) resolve((JSON.parse(stdout) as { url: string }).url);
        });
        void exited.then(() => reject(new Error(`serve exited: ${stdout}`)));
      });
      return { child, url, exited };
    };
    const first = await serve();
    const second = await emotune('serve', '--camera', join(temp.path, 'no-camera.avi'));
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ url: first.url, alreadyRunning: true, pid: first.child.pid });
    expect(second.stderr).toContain(`Emotune is already running with the data folder ${join(temp.path, 'data')}`);
    // Stopped: the folder is free again.
    first.child.kill('SIGTERM');
    await first.exited;
    expect(existsSync(join(temp.path, 'data', 'browser-mode.lock'))).toBe(false);
    // A restart takes the same address again (port and token), so a tab left open reconnects by itself.
    const third = await serve();
    expect(third.url).toBe(first.url);
    expect(statSync(join(temp.path, 'data', 'browser-mode.json')).mode & 0o777).toBe(0o600);
    // Killed outright, it leaves its lock behind; the next start sees that its process is gone and takes over.
    third.child.kill('SIGKILL');
    await third.exited;
    expect(existsSync(join(temp.path, 'data', 'browser-mode.lock'))).toBe(true);
    const fourth = await serve();
    expect(fourth.url).toBe(third.url);
    fourth.child.kill('SIGTERM');
    await fourth.exited;
    // --new-token: a new address, and the old one no longer lets anyone in.
    const fifth = await serve(['--new-token']);
    expect(new URL(fifth.url).searchParams.get('token')).not.toBe(new URL(fourth.url).searchParams.get('token'));
    fifth.child.kill('SIGTERM');
    await fifth.exited;
  }, 60_000);

  it('refuses bad arguments with exit code 2', async () => {
    expect((await emotune('recommend', '--emotion', 'ecstatic')).code).toBe(2);
    expect((await emotune('dance')).code).toBe(2);
    expect((await emotune('import', join(temp.path, 'nowhere'))).code).toBe(1);
    const help = await emotune('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/detect <image-or-video>/);
  });
});
if (!hasShared('data', 'faces')) console.warn(skipMessage('data', 'faces'));
