import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SavedPlayerSessionSchema, type PlayerSession, type SavedPlayerSession } from '../../shared/api/index.ts';
import type { LibraryRepository } from '../library/index.ts';

/**
 * Where the listener left off (song, position, queue, shuffle, repeat), kept in the data folder so it outlives
 * a restart of the app, whose browser-mode address (and so the page's own storage) changes every run. Songs
 * are stored by id and looked up again; one that has left the library is dropped.
 */
export class PlayerSessionStore {
  readonly #file: string;
  readonly #repository: LibraryRepository;

  constructor(dataDir: string, repository: LibraryRepository) {
    this.#file = join(dataDir, 'player-session.json');
    this.#repository = repository;
  }

  load(): PlayerSession | null {
    let saved: SavedPlayerSession;
    try {
      saved = SavedPlayerSessionSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch {
      return null; // none yet, or unreadable: the player starts fresh
    }
    const [current = null] = saved.currentId === null ? [] : this.#repository.getSongsByIds([saved.currentId]);
    return {
      current,
      positionSec: current ? saved.positionSec : 0,
      upNext: this.#repository.getSongsByIds(saved.upNextIds),
      shuffle: saved.shuffle,
      repeat: saved.repeat,
    };
  }

  /** Written whole (temporary file, then renamed): a crash leaves the previous session, never half of one. */
  save(session: SavedPlayerSession): boolean {
    const temp = `${this.#file}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(session), { mode: 0o600 });
      renameSync(temp, this.#file);
      return true;
    } catch {
      return false; // a full disk: the session just is not kept
    }
  }
}
