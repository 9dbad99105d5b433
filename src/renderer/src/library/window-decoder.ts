import { DECODED_PART_SECONDS, type ApiClient, type EventPayload, type MethodInput } from '../../../shared/api/index.ts';

/**
 * The window's half of analysing M4A (AAC/ALAC) songs, which the main side has no licence-clean decoder for:
 * the platform's decoder (Web Audio's decodeAudioData, resampling to the rate asked) decodes the song, and
 * the excerpts the analysis reads go back in parts of at most 5 s of 16-bit PCM (one small request each).
 */


type Request = EventPayload<'analysis.decodeRequested'>;
type Part = MethodInput<'analysis.submitDecoded'>;

/** Decoded audio: one array per channel, at `rate`. */
export interface DecodedAudio {
  channels: Float32Array[];
  rate: number;
}

export type AudioDecoder = (url: string, rate: number) => Promise<DecodedAudio>;

/** The parts to send for a request: each window (or the whole track) cut into ≤ 5 s pieces, in order. */
export function encodeParts(request: Request, audio: DecodedAudio): Part[] {
  const { channels, rate } = audio;
  const length = channels[0]?.length ?? 0;
  const windows = request.windows ?? [[0, length / rate]];
  const kept = channels.slice(0, 2);
  const parts: Part[] = [];
  windows.forEach(([from, to], excerpt) => {
    const start = Math.max(0, Math.min(length, Math.round(from * rate)));
    const end = Math.max(start, Math.min(length, Math.round(to * rate)));
    const step = DECODED_PART_SECONDS * rate;
    for (let at = start, index = 0; at < end || index === 0; at += step, index += 1) {
      const stop = Math.min(end, at + step);
      parts.push({
        requestId: request.requestId,
        excerpt,
        index,
        last: stop >= end,
        final: stop >= end && excerpt === windows.length - 1,
        channels: kept.length,
        pcm: toBase64Pcm(kept.map((c) => c.subarray(at, stop))),
      });
      if (stop >= end) break;
    }
  });
  return parts;
}

/** Planar 16-bit little-endian PCM, base64. */
export function toBase64Pcm(channels: Float32Array[]): string {
  const samples = channels[0]?.length ?? 0;
  const bytes = new Uint8Array(channels.length * samples * 2);
  const view = new DataView(bytes.buffer);
  channels.forEach((channel, c) => {
    for (let i = 0; i < samples; i += 1) {
      const v = Math.max(-1, Math.min(1, channel[i] as number));
      view.setInt16(2 * (c * samples + i), Math.round(v * 32767), true);
    }
  });
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The platform's decoder: the whole file fetched, decoded and resampled by Web Audio. */
export const decodeWithWebAudio: AudioDecoder = async (url, rate) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the song could not be fetched (HTTP ${response.status})`);
  const context = new OfflineAudioContext(1, 1, rate);
  const buffer = await context.decodeAudioData(await response.arrayBuffer());
  return { channels: Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c)), rate: buffer.sampleRate };
};

/**
 * Answers the main side's decode requests one at a time (a decoded song is held in memory only while it is
 * sent). Returns the unsubscribe.
 */
export function startWindowDecoder(client: ApiClient, decode: AudioDecoder = decodeWithWebAudio): () => void {
  let queue: Promise<void> = Promise.resolve();
  return client.subscribe('analysis.decodeRequested', (request) => {
    queue = queue.then(async () => {
      let parts: Part[];
      try {
        parts = encodeParts(request, await decode(client.mediaUrl(request.songId), request.rate));
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        parts = [{ requestId: request.requestId, excerpt: 0, index: 0, last: true, final: true, channels: 1, pcm: '', error: message.slice(0, 500) }];
      }
      for (const part of parts) {
        try {
          const { accepted } = await client.api['analysis.submitDecoded'](part);
          if (!accepted) break; // another window answered first, or the analysis stopped waiting
        } catch {
          break;
        }
      }
    });
  });
}
