import { describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '../testing/fake-client.ts';
import { encodeParts, startWindowDecoder, toBase64Pcm } from './window-decoder.ts';

const RATE = 100; // a small rate keeps the arrays small; the cutting is the same at 22.05 kHz

function audio(seconds: number, channels = 2) {
  return { rate: RATE, channels: Array.from({ length: channels }, (_, c) => Float32Array.from({ length: seconds * RATE }, (_, i) => (c === 0 ? i / (seconds * RATE) : -0.5))) };
}

describe('the window decoder', () => {
  it('cuts each excerpt into parts of at most 5 s, in order, the last one marked', () => {
    const parts = encodeParts({ requestId: 'r', songId: 1, windows: [[10, 22], [40, 45]], rate: RATE }, audio(60));
    expect(parts.map((p) => [p.excerpt, p.index, p.last, p.final])).toEqual([
      [0, 0, false, false],
      [0, 1, false, false],
      [0, 2, true, false],
      [1, 0, true, true],
    ]);
    // 5 s of 2 channels of 16-bit samples.
    expect(atob(parts[0]?.pcm ?? '').length).toBe(5 * RATE * 2 * 2);
    expect(atob(parts[2]?.pcm ?? '').length).toBe(2 * RATE * 2 * 2);
  });

  it('sends a short track whole, and clips samples to 16 bits', () => {
    const parts = encodeParts({ requestId: 'r', songId: 1, windows: null, rate: RATE }, audio(3, 1));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ excerpt: 0, final: true, channels: 1 });
    const bytes = Uint8Array.from(atob(toBase64Pcm([Float32Array.from([2, -2, 0.5])])), (c) => c.charCodeAt(0));
    expect(Array.from(new Int16Array(bytes.buffer))).toEqual([32767, -32767, 16384]);
  });

  it('answers a request with its parts, stops when they are no longer wanted, and reports a decoding error', async () => {
    const sent: unknown[] = [];
    let accept = true;
    const client = createFakeClient({
      'analysis.submitDecoded': (part) => {
        sent.push(part);
        return { accepted: accept };
      },
    });
    const decode = vi.fn(async () => audio(60));
    const stop = startWindowDecoder(client, decode);
    client.emit('analysis.decodeRequested', { requestId: 'a', songId: 4, windows: [[10, 20]], rate: RATE });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(decode).toHaveBeenCalledWith('/media/4', RATE);
    accept = false;
    client.emit('analysis.decodeRequested', { requestId: 'b', songId: 5, windows: [[10, 30]], rate: RATE });
    await vi.waitFor(() => expect(sent).toHaveLength(3));
    decode.mockRejectedValueOnce(Object.assign(new Error('Unable to decode audio data'), { name: 'EncodingError' }));
    accept = true;
    client.emit('analysis.decodeRequested', { requestId: 'c', songId: 6, windows: null, rate: RATE });
    await vi.waitFor(() => expect(sent).toHaveLength(4));
    expect(sent[3]).toMatchObject({ requestId: 'c', final: true, error: 'EncodingError: Unable to decode audio data' });
    stop();
  });
});
