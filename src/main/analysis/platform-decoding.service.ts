import { randomUUID } from 'node:crypto';
import { EmotuneError } from '../../shared/errors.ts';
import { excerptWindows, NeedsWindowDecoderError } from './decode-audio.ts';

/**
 * A window that is not there, closes or stalls rejects with NeedsWindowDecoderError (the song waits for a
 * later analysis); a window that tried and could not decode the song rejects with the reason (recorded).
 *
 * AAC and ALAC in MP4 (.m4a, most Apple Music and iTunes libraries) have no MIT/BSD decoder for Node; the app's
 * own window has one: Chromium's and Electron's audio decoder (Web Audio's decodeAudioData, which ships the
 * platform's licensed codecs). So the main side asks the window to decode such a song — the excerpts the
 * analysis reads, resampled to 22.05 kHz — and the window sends the PCM back in parts of a few seconds
 * (small enough for one request each). The analysis then runs as for any other song, in the worker pool.
 */

/** Sample rate the window decodes to: the analysis rate. */
export const PLATFORM_DECODE_RATE = 22_050;
/** A window that sends nothing for this long has not decoded the song (it closed, or it cannot). */
const IDLE_TIMEOUT_MS = 60_000;

export interface DecodeRequest {
  requestId: string;
  songId: number;
  /** [start, end) seconds of each excerpt; null: the whole track. */
  windows: [number, number][] | null;
  rate: number;
}

export interface DecodedPart {
  requestId: string;
  excerpt: number;
  /** The part's place within its excerpt, from 0: parts are taken in order, a repeat (a second window) ignored. */
  index: number;
  /** The last part of its excerpt. */
  last: boolean;
  /** Planar 16-bit PCM at `rate`, little-endian, channel after channel, base64. */
  pcm: string;
  channels: number;
  /** The last part of the last excerpt. */
  final: boolean;
  /** The window could not decode the song: why. */
  error?: string | undefined;
}

export interface DecodedAudio {
  /** Per excerpt, per channel, samples at PLATFORM_DECODE_RATE. */
  excerpts: Float32Array[][];
  rate: number;
}

interface Pending {
  excerpts: Float32Array[][][];
  next: { excerpt: number; index: number };
  resolve(audio: DecodedAudio): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface PlatformDecoderDeps {
  /** Whether a window that can decode is open (browser mode: a page connected; Electron: the main window). */
  available(): boolean;
  /** Sends the request to the window(s). */
  request(request: DecodeRequest): void;
  idleTimeoutMs?: number;
}

export class PlatformDecoder {
  readonly #deps: PlatformDecoderDeps;
  readonly #pending = new Map<string, Pending>();

  constructor(deps: PlatformDecoderDeps) {
    this.#deps = deps;
  }

  available(): boolean {
    return this.#deps.available();
  }

  /** Asks the window to decode a song's excerpts (by its tags' duration); resolves with the PCM. */
  decode(songId: number, durationSec: number | null): Promise<DecodedAudio> {
    if (!this.#deps.available()) {
      return Promise.reject(new NeedsWindowDecoderError('M4A (AAC/ALAC) is decoded by the app window, and none is open'));
    }
    const requestId = randomUUID();
    return new Promise<DecodedAudio>((resolve, reject) => {
      const pending: Pending = { excerpts: [], next: { excerpt: 0, index: 0 }, resolve, reject, timer: setTimeout(() => {}, 0) };
      this.#pending.set(requestId, pending);
      this.#arm(requestId, pending);
      this.#deps.request({ requestId, songId, windows: excerptWindows(durationSec), rate: PLATFORM_DECODE_RATE });
    });
  }

  /** A part from the window. Returns false for a request that is not (or no longer) waited for. */
  receive(part: DecodedPart): boolean {
    const pending = this.#pending.get(part.requestId);
    if (!pending) return false;
    if (part.error) {
      this.#settle(part.requestId);
      pending.reject(new EmotuneError('invalid-input', `the app window could not decode it: ${part.error}`));
      return true;
    }
    // Another open window may decode the same song: the parts are taken once each, in order.
    if (part.excerpt !== pending.next.excerpt || part.index !== pending.next.index) return true;
    pending.next = part.last ? { excerpt: part.excerpt + 1, index: 0 } : { excerpt: part.excerpt, index: part.index + 1 };
    let samples: Float32Array[];
    try {
      samples = decodePcm(part.pcm, part.channels);
    } catch (error) {
      this.#settle(part.requestId);
      pending.reject(error as Error);
      return true;
    }
    const parts = (pending.excerpts[part.excerpt] ??= []);
    parts.push(samples);
    this.#arm(part.requestId, pending);
    if (part.final) {
      this.#settle(part.requestId);
      const excerpts = pending.excerpts.filter(Boolean).map((pieces) => joinParts(pieces));
      if (excerpts.length === 0 || excerpts.every((e) => (e[0]?.length ?? 0) === 0)) {
        pending.reject(new EmotuneError('invalid-input', 'the app window decoded no audio'));
      } else pending.resolve({ excerpts, rate: PLATFORM_DECODE_RATE });
    }
    return true;
  }

  /** Fails every request still waiting (the app is closing). */
  close(): void {
    for (const [id, pending] of this.#pending) {
      this.#settle(id);
      pending.reject(new NeedsWindowDecoderError('the app is closing'));
    }
  }

  #arm(requestId: string, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      if (!this.#pending.has(requestId)) return;
      this.#settle(requestId);
      // The window closed or stalled: not the song's fault, so it waits for the next analysis.
      pending.reject(new NeedsWindowDecoderError('the app window did not decode it in time'));
    }, this.#deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
    pending.timer.unref?.();
  }

  #settle(requestId: string): void {
    const pending = this.#pending.get(requestId);
    if (pending) clearTimeout(pending.timer);
    this.#pending.delete(requestId);
  }
}

/** Planar 16-bit little-endian PCM (base64) to float channels; refuses a length that does not fit. */
export function decodePcm(base64: string, channels: number): Float32Array[] {
  const bytes = Buffer.from(base64, 'base64');
  if (channels < 1 || bytes.length % (2 * channels) !== 0) throw new EmotuneError('invalid-input', 'PCM part of the wrong length');
  const perChannel = bytes.length / 2 / channels;
  return Array.from({ length: channels }, (_, c) => {
    const out = new Float32Array(perChannel);
    for (let i = 0; i < perChannel; i += 1) out[i] = bytes.readInt16LE(2 * (c * perChannel + i)) / 32768;
    return out;
  });
}

/** The parts of one excerpt end to end, channel by channel. */
function joinParts(parts: Float32Array[][]): Float32Array[] {
  const channels = Math.min(...parts.map((p) => p.length));
  return Array.from({ length: channels }, (_, c) => {
    const out = new Float32Array(parts.reduce((a, p) => a + (p[c]?.length ?? 0), 0));
    parts.reduce((at, p) => (out.set(p[c] as Float32Array, at), at + (p[c]?.length ?? 0)), 0);
    return out;
  });
}
