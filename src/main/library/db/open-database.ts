import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { EmotuneError } from '../../../shared/errors.ts';
import { migrate } from './migrate.ts';
import { keepToOwner } from './owner-only.ts';

/**
 * Opens (creating if needed) and migrates the library database: WAL so readers never wait for the importer,
 * foreign keys on, and a busy timeout so a second process (the CLI beside the app) waits instead of failing.
 */
export function openDatabase(file: string): Database {
  let db: Database;
  try {
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      makePrivate(file);
    }
    db = new Sqlite(file);
  } catch (error) {
    throw new EmotuneError('database-failed', `cannot open the library database ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A database the app can read but not write (a read-only file or folder, a full disk) fails here, with
    // its name, rather than at the first import with SQLite's bare "attempt to write a readonly database".
    if (file !== ':memory:') {
      try {
        db.exec('BEGIN IMMEDIATE; ROLLBACK');
      } catch (error) {
        throw new EmotuneError('database-failed', `the library database ${file} cannot be written (${(error as Error).message}); check that the file and its folder are writable`, { cause: error });
      }
    }
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof EmotuneError) throw error;
    throw new EmotuneError('database-failed', `cannot use the library database ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return db;
}

/**
 * The library lists the user's files and listening: 0600 (SQLite gives its -wal and -shm files the database
 * file's mode). Created empty with that mode if missing; an existing one of ours is tightened.
 */
function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) keepToOwner(f);
}
