import { createReadStream, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { EmotuneError } from '../../shared/errors.ts';
import { audioMimeType, type LibraryRepository } from '../library/index.ts';
import { parseRange } from './http-range.ts';

export interface MediaResponse {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * Serves a library song's audio by id, the only way media leaves the app: a path is never taken from the
 * request, so nothing outside the library can be read. Honours Range so the player can seek and stream.
 */
export function createMediaResponse(repository: LibraryRepository, songId: number, rangeHeader: string | null): MediaResponse {
  const file = Number.isSafeInteger(songId) && songId > 0 ? repository.getSongFile(songId) : null;
  if (!file) throw new EmotuneError('media-refused', `song ${songId} is not in the library`);
  let size: number;
  try {
    size = statSync(file.path).size;
  } catch {
    throw new EmotuneError('not-found', `the file of song ${songId} is missing: ${file.path}`);
  }
  const headers: Record<string, string> = {
    'Content-Type': audioMimeType(file.path),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
  };
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` }, body: null };
  }
  if (range.kind === 'partial') {
    return {
      status: 206,
      headers: {
        ...headers,
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
        'Content-Length': String(range.end - range.start + 1),
      },
      body: createReadStream(file.path, { start: range.start, end: range.end }),
    };
  }
  return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, body: createReadStream(file.path) };
}

const IMAGE_MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif' };

/** A library song's cover image from the cover cache, by song id (never by path). */
export function createCoverResponse(repository: LibraryRepository, coversDir: string, songId: number): MediaResponse {
  const name = Number.isSafeInteger(songId) && songId > 0 ? repository.getSongCover(songId) : null;
  if (!name || !/^[0-9a-f]{40}\.(jpg|png|webp|gif)$/.test(name)) throw new EmotuneError('not-found', `song ${songId} has no cover`);
  const file = join(coversDir, name);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new EmotuneError('not-found', `the cover of song ${songId} is missing from the cache`);
  }
  return {
    status: 200,
    headers: {
      'Content-Type': IMAGE_MIME[extname(name)] ?? 'application/octet-stream',
      'Content-Length': String(size),
      // Named by content hash: it never changes.
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
    body: createReadStream(file),
  };
}
