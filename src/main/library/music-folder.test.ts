import { describe, expect, it } from 'vitest';
import { listMusicFolderCandidates, parseXdgMusicDir } from './music-folder.ts';

const USER_DIRS = `# This file is written by xdg-user-dirs-update
XDG_DESKTOP_DIR="$HOME/Desktop"
XDG_MUSIC_DIR="$HOME/Musik"
XDG_VIDEOS_DIR="$HOME/Videos"
`;

describe('the user’s music folder', () => {
  it('reads the desktop’s music folder from user-dirs.dirs, $HOME expanded, in the user’s language', () => {
    expect(parseXdgMusicDir(USER_DIRS, '/home/ana')).toBe('/home/ana/Musik');
    expect(parseXdgMusicDir('XDG_MUSIC_DIR="/data/music"\n', '/home/ana')).toBe('/data/music');
  });

  it('has none where the entry is missing, points at the home folder itself (disabled), or is not absolute', () => {
    expect(parseXdgMusicDir('XDG_DESKTOP_DIR="$HOME/Desktop"\n', '/home/ana')).toBeNull();
    expect(parseXdgMusicDir('XDG_MUSIC_DIR="$HOME/"\n', '/home/ana')).toBeNull();
    expect(parseXdgMusicDir('XDG_MUSIC_DIR="music"\n', '/home/ana')).toBeNull();
    expect(parseXdgMusicDir('XDG_MUSIC_DIR="$HOMEWORK/x"\n', '/home/ana')).toBeNull();
  });

  it('looks in the desktop’s music folder first, then ~/Music, once each', () => {
    expect(listMusicFolderCandidates('/home/ana', USER_DIRS)).toEqual(['/home/ana/Musik', '/home/ana/Music']);
    expect(listMusicFolderCandidates('/home/ana', 'XDG_MUSIC_DIR="$HOME/Music"')).toEqual(['/home/ana/Music']);
    expect(listMusicFolderCandidates('/home/ana', null)).toEqual(['/home/ana/Music']);
  });
});
