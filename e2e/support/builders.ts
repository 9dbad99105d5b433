import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { writeCorruptAudio, writeWav } from '../../src/main/testing/audio-builders.ts';
import { APP_ROOT } from './emotune-server.ts';

export const SHARED = resolve(APP_ROOT, '../shared');
export const hasShared = (...parts: string[]): boolean => existsSync(join(SHARED, ...parts));
export const SHARED_SKIP_MESSAGE = `../shared beside the checkout is absent (${SHARED}); CI has it`;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `emotune-e2e-${prefix}-`));
}

/** The demo camera: the face-photo video from scripts/make-camera-video.ts. */
export function buildCameraVideo(dir: string): string {
  const out = join(dir, 'camera.avi');
  execFileSync(process.execPath, [join(APP_ROOT, 'scripts/make-camera-video.ts'), out, '--faces', join(SHARED, 'data/faces')], {
    cwd: APP_ROOT,
  });
  return out;
}

/**
 * A music folder as a user has one: generated tagged WAVs (genre tags that map to moods), one file that is
 * not audio, and, when ../shared is here, links to its real tracks (read in place, never copied).
 */
export function buildMusicFolder(dir: string, options: { realTracks: boolean }): string {
  const music = join(dir, 'Music');
  mkdirSync(join(music, 'Generated'), { recursive: true });
  const tracks: [string, string, string, number][] = [
    ['Sunny Side', 'The Testers', 'Pop', 523],
    ['Dance All Night', 'The Testers', 'Dance', 587],
    ['Rainy Window', 'Grey Skies', 'Blues', 330],
    ['Quiet Harbour', 'Grey Skies', 'Ambient', 262],
  ];
  for (const [title, artist, genre, hz] of tracks) {
    writeWav(join(music, 'Generated', `${title}.wav`), { seconds: 30, frequencyHz: hz, amplitude: 0.1, tags: { title, artist, genre } });
  }
  writeCorruptAudio(join(music, 'Generated', 'broken download.mp3'));
  if (options.realTracks) {
    const real = join(SHARED, 'data/music');
    for (const folder of readdirSync(real)) {
      const source = join(real, folder);
      if (statSync(source).isDirectory()) symlinkSync(source, join(music, folder));
    }
  }
  return music;
}

export function describePath(path: string): string {
  return relative(APP_ROOT, path);
}
