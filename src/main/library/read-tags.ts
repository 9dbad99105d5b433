import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseFile, parseFromTokenizer, type IAudioMetadata } from 'music-metadata';
import type { ScannedSong } from './library.repository.ts';
import { SyncFileTokenizer } from './sync-file-tokenizer.ts';

/** music-metadata over synchronous reads (see SyncFileTokenizer): headers only. */
async function parseHeaders(path: string, covers: boolean): Promise<IAudioMetadata> {
  const tokenizer = new SyncFileTokenizer(path);
  try {
    return await parseFromTokenizer(tokenizer, { duration: false, skipCovers: !covers });
  } finally {
    await tokenizer.close();
  }
}

/** Joins a multi-valued tag ("Rock", "Blues") into one display string, or null when empty. */
function joinTag(values: readonly string[] | string | undefined): string | null {
  const list = (Array.isArray(values) ? values : values ? [values] : []).map((v) => v.trim()).filter(Boolean);
  return list.length > 0 ? list.join(', ') : null;
}

/**
 * Reads a file's tags and duration with music-metadata, from the headers only (a full parse reads whole Ogg
 * files to find their length, 20 times slower). An Ogg file's duration comes from the granule position of
 * its last page instead; anything still without a duration gets the full parse. Files without a title tag
 * get their file name as title. Throws when the file is not audio music-metadata understands; the importer
 * records that per file.
 */
export async function readTags(
  path: string,
  stamp: { sizeBytes: number; mtimeMs: number },
  options: { coversDir?: string } = {},
): Promise<ScannedSong> {
  let { common, format } = await parseHeaders(path, options.coversDir !== undefined);
  if (format.duration === undefined && format.container === undefined) {
    throw new Error('not an audio file music-metadata can read');
  }
  if (format.duration === undefined && format.container === 'Ogg') {
    const seconds = oggDurationSec(path, format.codec === 'Opus' ? 48_000 : format.sampleRate);
    if (seconds !== null) format = { ...format, duration: seconds };
  }
  const cover = options.coversDir ? saveCover(common.picture, options.coversDir) : null;
  if (format.duration === undefined) ({ common, format } = await parseFile(path, { duration: true, skipCovers: true }));
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
    year: typeof common.year === 'number' && common.year > 0 && common.year < 10_000 ? common.year : null,
    durationSec: format.duration !== undefined && Number.isFinite(format.duration) ? format.duration : null,
    container: format.container ?? null,
    codec: format.codec ?? null,
    cover,
  };
}

/** The largest embedded cover cached (covers are shown at a few hundred pixels). */
export const MAX_COVER_BYTES = 16 * 1024 * 1024;

const IMAGE_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

/**
 * Caches the front cover (else the first picture) under its content hash, so an album's songs share one
 * file; returns the file name, or null when there is no picture of a known image type.
 */
export function saveCover(pictures: readonly { format: string; type?: string; data: Uint8Array }[] | undefined, coversDir: string): string | null {
  const picture = pictures?.find((p) => p.type === 'Cover (front)') ?? pictures?.[0];
  const ext = picture ? IMAGE_TYPES[picture.format.toLowerCase()] : undefined;
  // A cover over 16 MB (a scan at print resolution, or junk) is not cached: the library shows none for it.
  if (!picture || !ext || picture.data.length === 0 || picture.data.length > MAX_COVER_BYTES) return null;
  const name = `${createHash('sha1').update(picture.data).digest('hex')}.${ext}`;
  try {
    writeFileSync(join(coversDir, name), picture.data, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
  }
  return name;
}

/**
 * An Ogg stream's length: the granule position (samples, at 48 kHz for Opus) of the last page, found in the
 * file's last 64 KB, less Opus's pre-skip. Null when there is no page there.
 */
export function oggDurationSec(path: string, rate: number | undefined): number | null {
  if (!rate) return null;
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const tailSize = Math.min(size, 65_536);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, size - tailSize);
    const last = tail.lastIndexOf('OggS');
    if (last < 0 || last + 14 > tail.length) return null;
    const granule = Number(tail.readBigInt64LE(last + 6));
    if (granule <= 0) return null;
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    const opus = head.indexOf('OpusHead');
    const preSkip = opus >= 0 ? head.readUInt16LE(opus + 10) : 0;
    return (granule - preSkip) / rate;
  } finally {
    closeSync(fd);
  }
}
