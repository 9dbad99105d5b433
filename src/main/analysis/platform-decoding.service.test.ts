import { afterEach, describe, expect, it, vi } from 'vitest';
import { NeedsWindowDecoderError } from './decode-audio.ts';
import { PlatformDecoder, decodePcm, type DecodeRequest, type DecodedPart } from './platform-decoding.service.ts';

const pcm = (channels: number[][]): string => {
  const bytes = Buffer.alloc(channels.length * (channels[0]?.length ?? 0) * 2);
  channels.forEach((channel, c) => channel.forEach((v, i) => bytes.writeInt16LE(Math.round(v * 32767), 2 * (c * channel.length + i))));
  return bytes.toString('base64');
};

describe('PlatformDecoder', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the window for the three excerpts of a long song and puts the parts it sends back together', async () => {
    const requests: DecodeRequest[] = [];
    const decoder = new PlatformDecoder({ available: () => true, request: (r) => requests.push(r) });
    const result = decoder.decode(7, 200);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ songId: 7, rate: 22_050, windows: [[45, 55], [95, 105], [145, 155]] });
    const id = requests[0]?.requestId as string;
    const part = (excerpt: number, index: number, last: boolean, final = false): DecodedPart => ({
      requestId: id, excerpt, index, last, final, channels: 2, pcm: pcm([[0.5, 0.25], [-0.5, 0]]),
    });
    expect(decoder.receive(part(0, 0, false))).toBe(true);
    // The same part again (a second window): ignored.
    decoder.receive(part(0, 0, false));
    decoder.receive(part(0, 1, true));
    decoder.receive(part(1, 0, true));
    decoder.receive(part(2, 0, true, true));
    const audio = await result;
    expect(audio.excerpts).toHaveLength(3);
    expect(Array.from(audio.excerpts[0]?.[0] ?? [])).toEqual([expect.closeTo(0.5, 3), expect.closeTo(0.25, 3), expect.closeTo(0.5, 3), expect.closeTo(0.25, 3)]);
    expect(audio.excerpts[0]?.[1]?.[0]).toBeCloseTo(-0.5, 3);
    expect(decoder.receive(part(0, 0, true))).toBe(false);
  });

  it('fails at once without a window, with the reason the window gives, or when it goes quiet', async () => {
    vi.useFakeTimers();
    await expect(new PlatformDecoder({ available: () => false, request: () => {} }).decode(1, 100)).rejects.toThrow(/none is open/);
    const requests: DecodeRequest[] = [];
    const decoder = new PlatformDecoder({ available: () => true, request: (r) => requests.push(r), idleTimeoutMs: 1000 });
    const refused = decoder.decode(1, 30);
    expect(requests[0]?.windows).toBeNull();
    decoder.receive({ requestId: requests[0]?.requestId as string, excerpt: 0, index: 0, last: true, final: true, channels: 1, pcm: '', error: 'EncodingError: Unable to decode audio data' });
    // The window tried and could not: that is the song's (recorded), not a reason to wait.
    await expect(refused.catch((e: unknown) => e)).resolves.not.toBeInstanceOf(NeedsWindowDecoderError);
    await expect(refused).rejects.toThrow(/could not decode it: EncodingError/);
    // A window that goes quiet, or an app that closes: the song is not at fault, it waits (NeedsWindowDecoderError).
    const quiet = decoder.decode(2, 30);
    const assertion = expect(quiet).rejects.toBeInstanceOf(NeedsWindowDecoderError);
    vi.advanceTimersByTime(1500);
    await assertion;
    const closing = decoder.decode(4, 30);
    decoder.close();
    await expect(closing).rejects.toThrow(/the app is closing/);
  });

  it('refuses PCM of a length that does not fit its channels', () => {
    expect(() => decodePcm(Buffer.alloc(6).toString('base64'), 2)).toThrow(/wrong length/);
    expect(decodePcm(Buffer.alloc(8).toString('base64'), 2)).toHaveLength(2);
  });
});
