import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { EmotuneError } from '../../../shared/errors.ts';
import { migrate } from './migrate.ts';

/**
 * Opens (creating if needed) and migrates the library database: WAL so readers never wait for the importer,
 * foreign keys on, and a busy timeout so a second process (the CLI beside the app) waits instead of failing.
 */
export function openDatabase(file: string): Database {
  let db: Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
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
