import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { findMusicFolder } from './music-folder.ts';

const temp = useTempDir();

describe('finding the user’s music folder on disk', () => {
  it('takes the desktop’s music folder where it exists, else ~/Music, else none', () => {
    const home = temp.path;
    const env = { HOME: home };
    expect(findMusicFolder(env)).toBeNull();
    mkdirSync(join(home, 'Music'));
    expect(findMusicFolder(env)).toBe(join(home, 'Music'));
    mkdirSync(join(home, '.config'));
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_MUSIC_DIR="$HOME/Musique"\n');
    expect(findMusicFolder(env)).toBe(join(home, 'Music')); // named, but not there
    mkdirSync(join(home, 'Musique'));
    expect(findMusicFolder(env)).toBe(join(home, 'Musique'));
  });

  it('reads user-dirs.dirs from $XDG_CONFIG_HOME, and never offers a file', () => {
    const home = temp.path;
    mkdirSync(join(home, 'conf'));
    writeFileSync(join(home, 'conf', 'user-dirs.dirs'), 'XDG_MUSIC_DIR="$HOME/Audio"\n');
    mkdirSync(join(home, 'Audio'));
    writeFileSync(join(home, 'Music'), 'not a folder');
    expect(findMusicFolder({ HOME: home, XDG_CONFIG_HOME: join(home, 'conf') })).toBe(join(home, 'Audio'));
    expect(findMusicFolder({ HOME: home })).toBeNull();
  });
});
