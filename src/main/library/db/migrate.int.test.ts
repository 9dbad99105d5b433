import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../testing/temp-dir.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { openDatabase } from './open-database.ts';

const temp = useTempDir();

describe('openDatabase + migrate (real SQLite file)', () => {
  it('creates the schema at the latest version, in WAL mode with foreign keys', () => {
    const db = openDatabase(join(temp.path, 'nested', 'library.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['songs', 'song_emotions', 'import_errors', 'library_folders']));
    db.close();
    // Reopening applies nothing twice.
    const again = openDatabase(join(temp.path, 'nested', 'library.sqlite'));
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    again.close();
  });

  it('rolls a failing migration back entirely and names it', () => {
    const db = new Sqlite(join(temp.path, 'broken.sqlite'));
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: 99,
        name: 'a broken step',
        up: (d) => {
          d.exec('CREATE TABLE half_done (x)');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/migration 99 \(a broken step\) failed/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name IN ('songs', 'half_done')`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database from a newer Emotune', () => {
    const file = join(temp.path, 'future.sqlite');
    const db = new Sqlite(file);
    db.pragma('user_version = 1000');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this Emotune knows/);
  });

  it('says clearly when the file is not a database', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(temp.path, 'garbage.sqlite');
    writeFileSync(file, 'not a database at all'.repeat(100));
    expect(() => openDatabase(file)).toThrow(/cannot use the library database .*garbage\.sqlite/);
  });

  it('names the file when the database can be read but not written (another program holds it for writing)', async () => {
    // A read-only file behaves the same, but root (CI) writes through file modes; a write lock held by another
    // connection is refused by SQLite for everyone.
    const file = join(temp.path, 'held.sqlite');
    openDatabase(file).close();
    const holder = new Sqlite(file);
    holder.pragma('busy_timeout = 0');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => openDatabase(file)).toThrow(/the library database .*held\.sqlite cannot be written \(database is locked\)/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 30_000);
});
