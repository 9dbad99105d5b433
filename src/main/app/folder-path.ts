import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { EmotuneError } from '../../shared/errors.ts';

/**
 * A folder path as a user types it: `~` and `~/…` mean their home folder (as in a shell and every file
 * dialog), `file:///…` (a path dropped from a file manager) its path; anything else must be absolute: a
 * relative path would be read against wherever Emotune was installed, which nobody means.
 */
export function libraryFolderPath(typed: string, home: string = process.env.HOME || homedir()): string {
  let text = typed.trim();
  if (/^file:\/\//i.test(text)) {
    try {
      text = decodeURIComponent(new URL(text).pathname);
    } catch {
      throw new EmotuneError('invalid-input', `${typed} is not a folder's address`);
    }
  }
  if (text === '~') return resolve(home);
  if (text.startsWith('~/')) return resolve(join(home, text.slice(2)));
  if (!isAbsolute(text)) throw new EmotuneError('invalid-input', `Type the folder's full path (starting with / or ~), not “${text}”`);
  return resolve(text);
}
