import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The XDG user-dirs entry for music (`XDG_MUSIC_DIR="$HOME/Music"` in ~/.config/user-dirs.dirs, as the desktop
 * writes it, in the user's language), with $HOME expanded; null where the file names none.
 */
export function parseXdgMusicDir(userDirs: string, home: string): string | null {
  for (const line of userDirs.split('\n')) {
    const match = /^\s*XDG_MUSIC_DIR\s*=\s*"(.*)"\s*$/.exec(line);
    if (!match) continue;
    const value = (match[1] ?? '').replace(/^\$HOME(?=\/|$)/, home);
    // The spec allows only $HOME-relative or absolute paths; "$HOME/" alone means "no music folder".
    return isAbsolute(value) && value.replace(/\/+$/, '') !== home ? value : null;
  }
  return null;
}

/** Where to look for the user's music, most specific first: the desktop's music folder, then ~/Music. */
export function listMusicFolderCandidates(home: string, userDirs: string | null): string[] {
  const xdg = userDirs === null ? null : parseXdgMusicDir(userDirs, home);
  return [...new Set([...(xdg ? [xdg] : []), join(home, 'Music')])];
}

/** The user's music folder where one exists and can be read, to offer at the first import; else null. */
export function findMusicFolder(env: NodeJS.ProcessEnv = process.env, home = env.HOME ?? homedir()): string | null {
  let userDirs: string | null = null;
  try {
    userDirs = readFileSync(join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'user-dirs.dirs'), 'utf8');
  } catch {
    // No desktop folders file: ~/Music is the convention on every platform.
  }
  return (
    listMusicFolderCandidates(home, userDirs).find((folder) => {
      try {
        accessSync(folder, constants.R_OK | constants.X_OK);
        return statSync(folder).isDirectory();
      } catch {
        return false;
      }
    }) ?? null
  );
}
