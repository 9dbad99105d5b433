import { extname } from 'node:path';

/**
 * File endings the importer reads: what music-metadata parses and Chromium (Electron's renderer) plays.
 * Keyed by ending, valued by the MIME type the media server sends.
 */
export const AUDIO_MIME_TYPES: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
};

export function isAudioFile(path: string): boolean {
  return Object.hasOwn(AUDIO_MIME_TYPES, extname(path).toLowerCase());
}

export function audioMimeType(path: string): string {
  return AUDIO_MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
