import { basename, extname } from 'node:path';
import { parseFile } from 'music-metadata';
import type { ScannedSong } from './library.repository.ts';

/** Joins a multi-valued tag ("Rock", "Blues") into one display string, or null when empty. */
function joinTag(values: readonly string[] | string | undefined): string | null {
  const list = (Array.isArray(values) ? values : values ? [values] : []).map((v) => v.trim()).filter(Boolean);
  return list.length > 0 ? list.join(', ') : null;
}

/**
 * Reads a file's tags and duration with music-metadata. Files without a title tag get their file name as
 * title. Throws when the file is not audio music-metadata understands; the importer records that per file.
 */
export async function readTags(path: string, stamp: { sizeBytes: number; mtimeMs: number }): Promise<ScannedSong> {
  const { common, format } = await parseFile(path, { duration: true, skipCovers: true });
  if (format.duration === undefined && format.container === undefined) {
    throw new Error('not an audio file music-metadata can read');
  }
  const title = common.title?.trim() || basename(path, extname(path));
  return {
    path,
    sizeBytes: stamp.sizeBytes,
    mtimeMs: stamp.mtimeMs,
    title,
    artist: joinTag(common.artists ?? common.artist),
    album: joinTag(common.album),
    genre: joinTag(common.genre),
    moodTag: joinTag(common.mood),
    durationSec: format.duration !== undefined && Number.isFinite(format.duration) ? format.duration : null,
    container: format.container ?? null,
    codec: format.codec ?? null,
  };
}
