import type { Database } from 'better-sqlite3';
import { EmotuneError } from '../../../shared/errors.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/**
 * Applies every migration newer than `PRAGMA user_version`, all in one transaction: on any error nothing is
 * applied and the caller gets an EmotuneError naming the step. A database from a newer Emotune is refused
 * rather than guessed at.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new EmotuneError(
      'database-failed',
      `the library database is at schema version ${from}, newer than this Emotune knows (${latest}); update Emotune`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  let step: Migration | undefined;
  try {
    db.transaction(() => {
      for (step of pending) {
        step.up(db);
        db.pragma(`user_version = ${step.version}`);
      }
    })();
  } catch (error) {
    throw new EmotuneError(
      'database-failed',
      `library database migration ${step?.version} (${step?.name}) failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { from, to: Math.max(from, latest) };
}
