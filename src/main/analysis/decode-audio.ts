import { open } from 'node:fs/promises';
import { EmotuneError } from '../../shared/errors.ts';
import { checkStreamParameters, id3Length, isMonoMp3, oggPageAt, sniffCodec, type AudioCodec } from './audio-headers.ts';
import { readWav } from './wav-reader.ts';

/**
 * Decoded audio as it streams out of a decoder: planar channels at the stream's rate, and which excerpt of
 * the plan they belong to (0 when the whole file is decoded).
 */
export type PcmSink = (channels: readonly Float32Array[], rate: number, excerpt: number) => void;

/**
 * Which parts of a track the analysis reads: a track of up to a minute whole; a longer one as three excerpts
 * of 10 s centred at a quarter, half and three quarters of it (about the 30 s the music model was trained
 * on, from three places, so an intro or a fade-out does not decide alone).
 */
export const EXCERPT_SECONDS = 10;
export const EXCERPT_POSITIONS = [0.25, 0.5, 0.75] as const;
export const WHOLE_UP_TO_SECONDS = 60;

/** [start, end) seconds of each excerpt of a track of `durationSec`; null: decode it whole. */
export function excerptWindows(durationSec: number | null | undefined): [number, number][] | null {
  if (typeof durationSec !== 'number' || !Number.isFinite(durationSec) || durationSec <= WHOLE_UP_TO_SECONDS) return null;
  return EXCERPT_POSITIONS.map((p) => [p * durationSec - EXCERPT_SECONDS / 2, p * durationSec + EXCERPT_SECONDS / 2]);
}

/**
 * AAC/ALAC in MP4 (.m4a): no MIT/BSD decoder runs here, so such a song goes to the app window's decoder
 * (platform-decoding.service.ts); this error says so, and the analysis routes the song there.
 */
export class NeedsWindowDecoderError extends EmotuneError {
  constructor(message = 'AAC/ALAC in MP4 (.m4a) is decoded by the app window; it is analysed while the app is open') {
    super('invalid-input', message);
  }
}

/** A track whose length is unknown is read whole up to this many seconds (about 80 MB at 22.05 kHz). */
export const MAX_WHOLE_SECONDS = 15 * 60;

/** Seconds dropped after a jump into the middle of a stream, where the decoder's first output can glitch. */
const SEEK_SETTLE_SECONDS = 0.1;

export type { AudioCodec } from './audio-headers.ts';

interface StreamDecoder {
  decode(chunk: Uint8Array): Promise<{ channelData: Float32Array[]; sampleRate: number; samplesDecoded: number }>;
  flush(): Promise<{ channelData: Float32Array[]; sampleRate: number; samplesDecoded: number } | null>;
  free(): void;
}

const CHUNK_BYTES = 256 * 1024;

async function createDecoder(codec: Exclude<AudioCodec, 'wav' | 'mp4'>): Promise<StreamDecoder> {
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

type Block = { channelData: Float32Array[]; sampleRate: number; samplesDecoded: number } | null;

/**
 * Streams a file through its decoder in 256 KB reads, handing each decoded block to `sink`, so a long track
 * never sits in memory as PCM. With a track's duration (from its tags) over a minute, only its three
 * excerpts (excerptWindows) are handed on: MP3, Ogg Vorbis and Opus jump to each one (decodeByJumps), so
 * most of the file is never read; FLAC (whose decoder here cannot start mid-stream) and WAV (nothing to
 * decode) are read from the start and stop after the last excerpt. Returns the codec, the seconds handed on and the
 * excerpts. `signal` stops it between reads. Errors: `invalid-input` for an unknown or unsupported format, or a
 * file that decodes to nothing.
 */
export async function decodeAudioFile(
  path: string,
  sink: PcmSink,
  signal?: AbortSignal,
  durationSec?: number | null,
): Promise<{ codec: AudioCodec; seconds: number; excerpts: number }> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(64 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const codec = sniffCodec(head.subarray(0, bytesRead));
    if (codec === 'mp4') throw new NeedsWindowDecoderError();
    if (codec === null) throw new EmotuneError('invalid-input', 'not a format Emotune can decode (MP3, FLAC, Ogg Vorbis, Opus, WAV)');
    let seconds = 0;
    let keepChannels = Infinity;
    if (codec === 'mp3') {
      const frames = new Uint8Array(8192);
      const { bytesRead: n } = await file.read(frames, 0, frames.length, id3Length(head));
      if (isMonoMp3(frames.subarray(0, n))) keepChannels = 1;
    }
    let checked = false;
    const handOn = (block: Block, excerpt: number, from = 0, to = Infinity): number => {
      if (!block || block.samplesDecoded === 0) return 0;
      if (!checked) {
        checkStreamParameters(block.sampleRate, Math.min(block.channelData.length, keepChannels));
        checked = true;
      }
      const start = Math.max(0, Math.min(block.samplesDecoded, from));
      const end = Math.max(start, Math.min(block.samplesDecoded, to));
      if (end > start) {
        sink(block.channelData.slice(0, keepChannels).map((c) => c.subarray(start, end)), block.sampleRate, excerpt);
        seconds += (end - start) / block.sampleRate;
      }
      return end - start;
    };
    const windows = excerptWindows(durationSec);
    const size = (await file.stat()).size;
    if (windows && codec !== 'flac' && codec !== 'wav') {
      await decodeByJumps(file, codec, size, durationSec as number, windows, handOn, signal);
      if (seconds === 0) throw new EmotuneError('invalid-input', `no audio could be decoded (${codec})`);
      return { codec, seconds, excerpts: windows.length };
    }
    // From the start: each block's samples are cut to the excerpt windows (or all handed on without a plan).
    let position = 0;
    const cut = (block: Block): boolean => {
      if (!block || block.samplesDecoded === 0) return true;
      const rate = block.sampleRate;
      const blockStart = position;
      position += block.samplesDecoded / rate;
      if (!windows) {
        // A track of unknown length is read whole, up to a bound (memory: the analysis keeps it at 22 kHz).
        handOn(block, 0, 0, Math.max(0, Math.round((MAX_WHOLE_SECONDS - blockStart) * rate)));
        return position < MAX_WHOLE_SECONDS;
      }
      windows.forEach(([from, to], excerpt) => {
        if (to > blockStart && from < position) handOn(block, excerpt, Math.round((from - blockStart) * rate), Math.round((to - blockStart) * rate));
      });
      return position < (windows.at(-1)?.[1] ?? Infinity);
    };
    if (codec === 'wav') {
      await readWav(file, (channels, rate) => cut({ channelData: [...channels], sampleRate: rate, samplesDecoded: channels[0]?.length ?? 0 }), signal);
    } else {
      const decoder = await createDecoder(codec);
      try {
        const buffer = new Uint8Array(CHUNK_BYTES);
        let more = true;
        // An MP3's ID3 tag is skipped, not fed to the decoder: a big embedded cover (tens of MB) is more junk
        // than mpg123 resyncs through, and the audio after it was "not decodable".
        for (let offset = codec === 'mp3' ? id3Length(head) : 0; more; ) {
          signal?.throwIfAborted();
          const { bytesRead: n } = await file.read(buffer, 0, buffer.length, offset);
          if (n === 0) break;
          offset += n;
          more = cut(await decoder.decode(buffer.slice(0, n)));
        }
        if (more) cut(await decoder.flush());
      } finally {
        decoder.free();
      }
    }
    if (seconds === 0) throw new EmotuneError('invalid-input', `no audio could be decoded (${codec})`);
    return { codec, seconds, excerpts: windows?.length ?? 1 };
  } finally {
    await file.close();
  }
}

/**
 * Excerpts by jumping: each excerpt starts at the byte offset in proportion to its time (exact for a
 * constant bit rate, close for a variable one), with a fresh decoder. MP3: the decoder finds the next frame
 * there. Ogg (Vorbis, Opus): the decoder is first given the stream's header pages (granule position 0), then
 * the audio from the next page that starts a packet (a page continuing a packet would decode to noise, and a
 * decoder fed a page from the middle without its headers can crash: both seen, and avoided this way).
 */
async function decodeByJumps(
  file: import('node:fs/promises').FileHandle,
  codec: 'mp3' | 'vorbis' | 'opus',
  size: number,
  durationSec: number,
  windows: [number, number][],
  handOn: (block: Block, excerpt: number, from?: number, to?: number) => number,
  signal?: AbortSignal,
): Promise<void> {
  let audioStart = 0;
  let prelude = new Uint8Array(0);
  const pageHead = new Uint8Array(27 + 255);
  /** The Ogg page at a file offset (its header read from the file: pages may be larger than any buffer). */
  const readPage = async (at: number): Promise<ReturnType<typeof oggPageAt>> => {
    const { bytesRead: n } = await file.read(pageHead, 0, pageHead.length, at);
    const header = oggPageAt(pageHead.subarray(0, n), 0);
    return header;
  };
  if (codec === 'mp3') {
    const head = new Uint8Array(16 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    audioStart = id3Length(head.subarray(0, bytesRead));
  } else {
    // The header pages (granule position 0): identification, comments (which may hold cover art), setup.
    // A setup header may end on the first audio page (its packet continued there): that page goes with them.
    let headers = true;
    for (let page = await readPage(0); page && (page.granule === 0n || (headers && page.continued)); page = await readPage(audioStart)) {
      headers = page.granule === 0n;
      audioStart += page.length;
    }
    if (audioStart === 0) throw new EmotuneError('invalid-input', `no Ogg ${codec} headers at the start of the file`);
    prelude = new Uint8Array(audioStart);
    await file.read(prelude, 0, audioStart, 0);
  }
  const bytesPerSecond = (size - audioStart) / durationSec;
  const buffer = new Uint8Array(64 * 1024);
  /** The first page at or after `at` that starts a packet and tells its time: offset and granule, or null. */
  const nextPage = async (at: number): Promise<{ offset: number; granule: bigint } | null> => {
    const { bytesRead: n } = await file.read(buffer, 0, buffer.length, at);
    const window = buffer.subarray(0, n);
    for (let i = 0; i + 27 <= n; i += 1) {
      const page = oggPageAt(window, i);
      // A page that starts a packet and ends one (granule -1: no packet ends on it, so it tells no time).
      if (page && !page.continued && page.granule >= 0n) return { offset: at + i, granule: page.granule };
    }
    return null;
  };
  // Samples per second of the granule positions: Opus counts at 48 kHz; Vorbis at its stream's rate.
  const granuleRate = codec === 'opus' ? 48_000 : codec === 'vorbis' ? new DataView(prelude.buffer).getUint32(40, true) : 0;
  for (const [excerpt, [from, to]] of windows.entries()) {
    let offset = Math.max(audioStart, Math.floor(audioStart + from * bytesPerSecond));
    if (codec !== 'mp3') {
      // A page there, then a few secant steps on its granule position: variable bit rates put the time of a
      // byte offset off by seconds, and the excerpt should be where the plan says.
      // A page there, then a search on its granule position (the time at its end): variable bit rates put a
      // byte offset's time off by seconds, and the excerpt should be where the plan says. Secant steps, kept
      // inside the bounds found so far (bisection where a step would leave them).
      let found = await nextPage(offset);
      let low = audioStart;
      let high = size;
      for (let step = 0; found && granuleRate > 0 && step < 8; step += 1) {
        const at = Number(found.granule) / granuleRate;
        // Pages that start a packet can be seconds apart (long packets span pages): within 1.5 s is close.
        if (Math.abs(at - from) < 1.5) break;
        if (at < from) low = Math.max(low, found.offset + 1);
        else high = Math.min(high, found.offset);
        if (high - low < 4096) break;
        let guess = Math.floor(found.offset + (from - at) * bytesPerSecond);
        if (guess <= low || guess >= high) guess = Math.floor((low + high) / 2);
        const next = await nextPage(guess);
        if (!next || next.offset >= high) break;
        found = next;
      }
      if (!found) continue;
      offset = found.offset;
    }
    const decoder = await createDecoder(codec);
    try {
      if (prelude.length > 0) await decoder.decode(prelude.slice());
      const want = to - from;
      let skip = SEEK_SETTLE_SECONDS;
      let got = 0;
      while (got < want && offset < size) {
        signal?.throwIfAborted();
        const { bytesRead: n } = await file.read(buffer, 0, buffer.length, offset);
        if (n === 0) break;
        offset += n;
        const block = await decoder.decode(buffer.slice(0, n));
        if (!block || block.samplesDecoded === 0) continue;
        const rate = block.sampleRate;
        const dropped = Math.min(block.samplesDecoded, Math.round(skip * rate));
        skip -= dropped / rate;
        got += handOn(block, excerpt, dropped, dropped + Math.round((want - got) * rate)) / rate;
      }
    } finally {
      decoder.free();
    }
  }
}
