import type { FileHandle } from 'node:fs/promises';
import { EmotuneError } from '../../shared/errors.ts';
import { checkStreamParameters } from './audio-headers.ts';

const CHUNK_BYTES = 256 * 1024;

/** PCM WAV (8/16/24/32-bit integer, 32/64-bit float, WAVE_FORMAT_EXTENSIBLE too), streamed in blocks until `sink` says enough. */
export async function readWav(
  file: FileHandle,
  sink: (channels: readonly Float32Array[], rate: number) => boolean,
  signal?: AbortSignal,
): Promise<void> {
  const header = Buffer.alloc(64 * 1024);
  const { bytesRead } = await file.read(header, 0, header.length, 0);
  let offset = 12;
  let format: { tag: number; channels: number; rate: number; bits: number } | null = null;
  let data: { start: number; length: number } | null = null;
  while (offset + 8 <= bytesRead) {
    const id = header.toString('ascii', offset, offset + 4);
    const size = header.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      let tag = header.readUInt16LE(offset + 8);
      if (tag === 0xfffe) tag = header.readUInt16LE(offset + 32); // extensible: the sub-format's first two bytes
      format = { tag, channels: header.readUInt16LE(offset + 10), rate: header.readUInt32LE(offset + 12), bits: header.readUInt16LE(offset + 22) };
    } else if (id === 'data') {
      data = { start: offset + 8, length: size };
      break;
    }
    offset += 8 + size + (size % 2);
  }
  if (!format || !data) throw new EmotuneError('invalid-input', 'a WAV file without fmt or data chunk');
  const { tag, channels, rate, bits } = format;
  checkStreamParameters(rate, channels);
  const bytes = bits / 8;
  if (!((tag === 1 && [8, 16, 24, 32].includes(bits)) || (tag === 3 && [32, 64].includes(bits))) || channels < 1) {
    throw new EmotuneError('invalid-input', `an unsupported WAV encoding (format ${tag}, ${bits} bits)`);
  }
  const frameBytes = bytes * channels;
  const framesPerBlock = Math.floor(CHUNK_BYTES / frameBytes);
  const buffer = Buffer.alloc(framesPerBlock * frameBytes);
  const read = (b: Buffer, at: number): number => {
    if (tag === 3) return bits === 32 ? b.readFloatLE(at) : b.readDoubleLE(at);
    if (bits === 8) return ((b[at] as number) - 128) / 128;
    if (bits === 24) return b.readIntLE(at, 3) / 8388608;
    return b.readInt32LE(at) / 2147483648;
  };
  for (let position = data.start, end = data.start + data.length; position < end; ) {
    signal?.throwIfAborted();
    const want = Math.min(buffer.length, end - position);
    const { bytesRead: n } = await file.read(buffer, 0, want, position);
    if (n === 0) break;
    position += n;
    const frames = Math.floor(n / frameBytes);
    const planar = Array.from({ length: channels }, () => new Float32Array(frames));
    if (tag === 1 && bits === 16) {
      // The common case, read through a typed view (the buffer is freshly allocated, so 2-byte aligned).
      const samples = new Int16Array(buffer.buffer, buffer.byteOffset, frames * channels);
      for (let c = 0; c < channels; c += 1) {
        const out = planar[c] as Float32Array;
        for (let f = 0; f < frames; f += 1) out[f] = (samples[f * channels + c] as number) / 32768;
      }
    } else {
      for (let f = 0; f < frames; f += 1) {
        for (let c = 0; c < channels; c += 1) (planar[c] as Float32Array)[f] = read(buffer, f * frameBytes + c * bytes);
      }
    }
    if (!sink(planar, rate)) break;
  }
}
