import { open } from 'node:fs/promises';
import { EmotuneError } from '../../shared/errors.ts';

/** Decoded audio as it streams out of a decoder: planar channels at the stream's rate. */
export type PcmSink = (channels: readonly Float32Array[], rate: number) => void;

export type AudioCodec = 'mp3' | 'flac' | 'vorbis' | 'opus' | 'wav';

interface StreamDecoder {
  decode(chunk: Uint8Array): Promise<{ channelData: Float32Array[]; sampleRate: number; samplesDecoded: number }>;
  flush(): Promise<{ channelData: Float32Array[]; sampleRate: number; samplesDecoded: number } | null>;
  free(): void;
}

const CHUNK_BYTES = 256 * 1024;

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

async function createDecoder(codec: Exclude<AudioCodec, 'wav'>): Promise<StreamDecoder> {
  switch (codec) {
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      const decoder = new MPEGDecoder();
      await decoder.ready;
      return { decode: async (c) => decoder.decode(c), flush: async () => null, free: () => decoder.free() };
    }
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      const decoder = new FLACDecoder();
      await decoder.ready;
      return { decode: (c) => decoder.decode(c), flush: () => decoder.flush(), free: () => decoder.free() };
    }
    case 'vorbis': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      const decoder = new OggVorbisDecoder();
      await decoder.ready;
      return { decode: (c) => decoder.decode(c), flush: () => decoder.flush(), free: () => decoder.free() };
    }
    case 'opus': {
      const { OggOpusDecoder } = await import('ogg-opus-decoder');
      const decoder = new OggOpusDecoder();
      await decoder.ready;
      return { decode: async (c) => decoder.decode(c), flush: () => decoder.flush(), free: () => decoder.free() };
    }
  }
}

/**
 * Streams a file through its decoder in 256 KB reads, handing each decoded block to `sink`, so a long track
 * never sits in memory as PCM. Returns the codec and how many seconds were decoded. `signal` stops it between
 * reads. Errors: `invalid-input` for an unknown or unsupported format, or a file that decodes to nothing.
 */
export async function decodeAudioFile(path: string, sink: PcmSink, signal?: AbortSignal): Promise<{ codec: AudioCodec; seconds: number }> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(64 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const codec = sniffCodec(head.subarray(0, bytesRead));
    if (codec === 'mp4') {
      throw new EmotuneError('invalid-input', 'AAC/ALAC in MP4 (.m4a) is not analysed: there is no MIT-licensed decoder for it');
    }
    if (codec === null) throw new EmotuneError('invalid-input', 'not a format Emotune can decode (MP3, FLAC, Ogg Vorbis, Opus, WAV)');
    let seconds = 0;
    let keepChannels = Infinity;
    if (codec === 'mp3') {
      const frames = new Uint8Array(8192);
      const { bytesRead: n } = await file.read(frames, 0, frames.length, id3Length(head));
      if (isMonoMp3(frames.subarray(0, n))) keepChannels = 1;
    }
    const deliver = (block: { channelData: Float32Array[]; sampleRate: number; samplesDecoded: number } | null): void => {
      if (!block || block.samplesDecoded === 0) return;
      sink(block.channelData.slice(0, keepChannels).map((c) => c.subarray(0, block.samplesDecoded)), block.sampleRate);
      seconds += block.samplesDecoded / block.sampleRate;
    };
    if (codec === 'wav') {
      await readWav(file, (channels, rate) => deliver({ channelData: [...channels], sampleRate: rate, samplesDecoded: channels[0]?.length ?? 0 }), signal);
    } else {
      const decoder = await createDecoder(codec);
      try {
        const buffer = new Uint8Array(CHUNK_BYTES);
        for (let position = 0; ; ) {
          signal?.throwIfAborted();
          const { bytesRead: n } = await file.read(buffer, 0, buffer.length, position);
          if (n === 0) break;
          position += n;
          deliver(await decoder.decode(buffer.slice(0, n)));
        }
        deliver(await decoder.flush());
      } finally {
        decoder.free();
      }
    }
    if (seconds === 0) throw new EmotuneError('invalid-input', `no audio could be decoded (${codec})`);
    return { codec, seconds };
  } finally {
    await file.close();
  }
}

/** PCM WAV (8/16/24/32-bit integer, 32/64-bit float, WAVE_FORMAT_EXTENSIBLE too), streamed in blocks. */
async function readWav(file: import('node:fs/promises').FileHandle, sink: PcmSink, signal?: AbortSignal): Promise<void> {
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
    sink(planar, rate);
  }
}
