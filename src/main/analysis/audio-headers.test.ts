import { describe, expect, it } from 'vitest';
import { checkStreamParameters, id3Length, isMonoMp3, oggPageAt, sniffCodec } from './audio-headers.ts';
import { excerptWindows } from './decode-audio.ts';

// An MPEG-1 Layer III frame header, 128 kbit/s, 44.1 kHz; the channel mode is the top two bits of byte 3.
const header = (mode: number): number[] => [0xff, 0xfb, 0x90, mode << 6];

describe('MP3 stream parameters', () => {
  it('reads the channel mode of the first valid frame header (mono is mode 3)', () => {
    expect(isMonoMp3(Uint8Array.from(header(3)))).toBe(true);
    expect(isMonoMp3(Uint8Array.from(header(0)))).toBe(false);
    expect(isMonoMp3(Uint8Array.from(header(1)))).toBe(false);
    // Junk and a false sync (bitrate index 15) before the real frame are skipped.
    expect(isMonoMp3(Uint8Array.from([0x00, 0x12, 0xff, 0xfb, 0xf0, 0xc0, ...header(3)]))).toBe(true);
    expect(isMonoMp3(new Uint8Array(16))).toBe(false);
  });

  it('finds the audio after an ID3v2 tag from its synchsafe size', () => {
    const tag = Uint8Array.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0x01, 0x7f, ...header(3)]);
    expect(id3Length(tag)).toBe(10 + 255);
    expect(id3Length(Uint8Array.from(header(3)))).toBe(0);
    expect(sniffCodec(tag)).toBe('mp3');
  });
});

describe('excerpt plan', () => {
  it('reads a track up to a minute whole, a longer one as three 10 s excerpts at a quarter, half, three quarters', () => {
    expect(excerptWindows(null)).toBeNull();
    expect(excerptWindows(60)).toBeNull();
    expect(excerptWindows(200)).toEqual([
      [45, 55],
      [95, 105],
      [145, 155],
    ]);
  });

  it('reads an Ogg page header: length from the segment table, the continued flag, the granule position', () => {
    const page = new Uint8Array(27 + 2 + 300);
    page.set([0x4f, 0x67, 0x67, 0x53, 0, 1]);
    new DataView(page.buffer).setBigInt64(6, 44_100n, true);
    page[26] = 2;
    page[27] = 255;
    page[28] = 45;
    expect(oggPageAt(page, 0)).toEqual({ length: 27 + 2 + 300, continued: true, granule: 44_100n });
    expect(oggPageAt(page, 1)).toBeNull();
    expect(oggPageAt(page.subarray(0, 20), 0)).toBeNull();
  });
});

describe('stream parameters', () => {
  it('accepts real audio rates and channel counts and refuses the rest, naming the value', () => {
    for (const [rate, channels] of [[8_000, 1], [44_100, 2], [192_000, 8]]) expect(() => checkStreamParameters(rate as number, channels as number)).not.toThrow();
    expect(() => checkStreamParameters(1, 2)).toThrow(/says 1 samples per second/);
    expect(() => checkStreamParameters(Number.NaN, 2)).toThrow(/samples per second/);
    expect(() => checkStreamParameters(1_000_000, 2)).toThrow(/384,000/);
    expect(() => checkStreamParameters(44_100, 0)).toThrow(/0 channels/);
    expect(() => checkStreamParameters(44_100, 64)).toThrow(/1 to 32/);
  });
});
