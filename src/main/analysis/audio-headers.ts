import { EmotuneError } from '../../shared/errors.ts';

/** `mp4`: AAC or ALAC in MP4, decoded by the app window (platform-decoding.service.ts). */
export type AudioCodec = 'mp3' | 'flac' | 'vorbis' | 'opus' | 'wav' | 'mp4';

/** What the first bytes of an audio file say: its codec, where an MP3's audio starts, its channel mode, Ogg pages. */

/**
 * Identifies the codec from the file's first bytes, not its name. Decoders (all MIT-licensed WebAssembly
 * builds, see README): mpg123-decoder (MP3), @wasm-audio-decoders/flac, @wasm-audio-decoders/ogg-vorbis,
 * ogg-opus-decoder, and Emotune's own WAV reader. AAC/ALAC in MP4 (.m4a) has no MIT decoder: such files are
 * refused with a clear reason (their tags and playback are unaffected; features can come from a CSV).
 */
export function sniffCodec(head: Uint8Array): AudioCodec | 'mp4' | null {
  const text = (from: number, length: number): string => String.fromCharCode(...head.subarray(from, from + length));
  // An ID3v2 tag: a 4-byte synchsafe size after the header; the audio follows.
  const offset = id3Length(head);
  if (text(offset, 4) === 'fLaC') return 'flac';
  if (text(0, 4) === 'OggS') {
    const page = text(0, Math.min(head.length, 200));
    if (page.includes('OpusHead')) return 'opus';
    if (page.includes('vorbis')) return 'vorbis';
    return null;
  }
  if (text(0, 4) === 'RIFF' && text(8, 4) === 'WAVE') return 'wav';
  if (text(4, 4) === 'ftyp') return 'mp4';
  if (offset > 0 || ((head[0] as number) === 0xff && ((head[1] as number) & 0xe0) === 0xe0)) return 'mp3';
  return null;
}

/** The ID3v2 tag's length at the start of a file (0 without one): where an MP3's audio starts. */
export function id3Length(head: Uint8Array): number {
  if (head.length < 10 || head[0] !== 0x49 || head[1] !== 0x44 || head[2] !== 0x33) return 0;
  return 10 + (((head[6] as number) << 21) | ((head[7] as number) << 14) | ((head[8] as number) << 7) | (head[9] as number));
}

/**
 * Whether the first valid MPEG audio frame header in `bytes` says mono (channel mode 3). mpg123-decoder always
 * hands out two channels, so a mono MP3 would be measured as two identical channels: 3 dB too loud under
 * BS.1770, which sums the channels' power.
 */
export function isMonoMp3(bytes: Uint8Array): boolean {
  for (let i = 0; i + 4 <= bytes.length; i += 1) {
    if (bytes[i] !== 0xff || ((bytes[i + 1] as number) & 0xe0) !== 0xe0) continue;
    const b1 = bytes[i + 1] as number;
    const b2 = bytes[i + 2] as number;
    const version = (b1 >> 3) & 3;
    const layer = (b1 >> 1) & 3;
    const bitrate = (b2 >> 4) & 15;
    const rate = (b2 >> 2) & 3;
    if (version === 1 || layer === 0 || bitrate === 15 || bitrate === 0 || rate === 3) continue;
    return (((bytes[i + 3] as number) >> 6) & 3) === 3;
  }
  return false;
}

/** An Ogg page header at `i` (capture pattern, version 0): its length in bytes, flags and granule position. */
export function oggPageAt(bytes: Uint8Array, i: number): { length: number; continued: boolean; granule: bigint } | null {
  if (i + 27 > bytes.length || bytes[i] !== 0x4f || bytes[i + 1] !== 0x67 || bytes[i + 2] !== 0x67 || bytes[i + 3] !== 0x53 || bytes[i + 4] !== 0) {
    return null;
  }
  const segments = bytes[i + 26] as number;
  if (i + 27 + segments > bytes.length) return null;
  let body = 0;
  for (let s = 0; s < segments; s += 1) body += bytes[i + 27 + s] as number;
  const granule = new DataView(bytes.buffer, bytes.byteOffset + i + 6, 8).getBigInt64(0, true);
  return { length: 27 + segments + body, continued: ((bytes[i + 5] as number) & 1) === 1, granule };
}

/** The stream parameters Emotune analyses: anything else is a damaged or hostile header, refused before any allocation. */
export const MIN_SAMPLE_RATE = 4_000;
export const MAX_SAMPLE_RATE = 384_000;
export const MAX_CHANNELS = 32;

/**
 * Refuses a sample rate or channel count no real audio has (a header saying 1 Hz would be resampled 22,050-fold
 * into gigabytes; 0 Hz divides by zero), with a message that names the value and the range.
 */
export function checkStreamParameters(rate: number, channels: number): void {
  if (!Number.isFinite(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
    throw new EmotuneError('invalid-input', `the audio says ${rate} samples per second; Emotune reads ${MIN_SAMPLE_RATE.toLocaleString('en')} to ${MAX_SAMPLE_RATE.toLocaleString('en')}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) {
    throw new EmotuneError('invalid-input', `the audio says ${channels} channels; Emotune reads 1 to ${MAX_CHANNELS}`);
  }
}
