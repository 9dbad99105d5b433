import { writeFileSync } from 'node:fs';

export interface WavOptions {
  seconds: number;
  sampleRate?: number;
  /** A sine tone in Hz; 0 for silence. */
  frequencyHz?: number;
  amplitude?: number;
  tags?: { title?: string; artist?: string; album?: string; genre?: string };
}

/**
 * Writes a real, playable 16-bit mono WAV file with RIFF INFO tags (INAM title, IART artist, IPRD album,
 * IGNR genre), which music-metadata reads: short generated audio for fast import and playback tests.
 */
export function writeWav(path: string, options: WavOptions): void {
  const rate = options.sampleRate ?? 22_050;
  const amplitude = options.amplitude ?? 0.3;
  const samples = Float32Array.from({ length: Math.round(options.seconds * rate) }, (_, i) =>
    options.frequencyHz ? Math.sin((2 * Math.PI * options.frequencyHz * i) / rate) * amplitude : 0,
  );
  writeWavSamples(path, samples, rate, options.tags);
}

/** Writes mono samples in [-1, 1] as a 16-bit WAV, with optional INFO tags. */
export function writeWavSamples(path: string, samples: Float32Array, rate: number, tags?: WavOptions['tags']): void {
  const pcm = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i += 1) {
    pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i] as number)) * 32_767), i * 2);
  }
  const info: Buffer[] = [];
  const tagIds: Record<string, string> = { title: 'INAM', artist: 'IART', album: 'IPRD', genre: 'IGNR' };
  for (const [key, id] of Object.entries(tagIds)) {
    const value = tags?.[key as keyof NonNullable<WavOptions['tags']>];
    if (!value) continue;
    const text = Buffer.from(`${value}\0`, 'utf8');
    const padded = Buffer.concat([text, Buffer.alloc(text.length % 2)]);
    const head = Buffer.alloc(8);
    head.write(id, 0, 'ascii');
    head.writeUInt32LE(text.length, 4);
    info.push(head, padded);
  }
  const chunks: Buffer[] = [];
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(1, 10); // mono
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE(rate * 2, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  chunks.push(fmt);
  if (info.length > 0) {
    const body = Buffer.concat([Buffer.from('INFO', 'ascii'), ...info]);
    const head = Buffer.alloc(8);
    head.write('LIST', 0, 'ascii');
    head.writeUInt32LE(body.length, 4);
    chunks.push(head, body);
  }
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'ascii');
  dataHead.writeUInt32LE(pcm.length, 4);
  chunks.push(dataHead, pcm);
  const riffBody = Buffer.concat([Buffer.from('WAVE', 'ascii'), ...chunks]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(riffBody.length, 4);
  writeFileSync(path, Buffer.concat([riff, riffBody]));
}

/** A file with an audio ending whose bytes are not audio: what a broken download looks like. */
export function writeCorruptAudio(path: string): void {
  writeFileSync(path, Buffer.from('this is not an mp3 file, just text with the wrong ending\n'.repeat(20)));
}

/** A 2x2 PNG (red, green, blue, white), the smallest cover art there is. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Writes an MP3 of `frames` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 26 ms each) behind an
 * ID3v2.3 tag with title, artist and, optionally, a front-cover picture (APIC); stereo unless `mono`.
 */
export function writeMp3(path: string, options: { title: string; artist?: string; album?: string; cover?: Buffer; frames?: number; mono?: boolean }): void {
  const frame = (id: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(10);
    head.write(id, 0, 'ascii');
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  const text = (value: string): Buffer => Buffer.concat([Buffer.from([0]), Buffer.from(value, 'latin1')]);
  const frames = [frame('TIT2', text(options.title))];
  if (options.artist) frames.push(frame('TPE1', text(options.artist)));
  if (options.album) frames.push(frame('TALB', text(options.album)));
  if (options.cover) {
    frames.push(frame('APIC', Buffer.concat([Buffer.from([0]), Buffer.from('image/png\0', 'latin1'), Buffer.from([3, 0]), options.cover])));
  }
  const body = Buffer.concat(frames);
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  // Synchsafe size: 7 bits per byte.
  for (let i = 0; i < 4; i += 1) header[9 - i] = (body.length >> (7 * i)) & 0x7f;
  const mpegFrame = Buffer.alloc(417);
  mpegFrame.set([0xff, 0xfb, 0x90, options.mono ? 0xc0 : 0x00]);
  const audio = Buffer.concat(Array.from({ length: options.frames ?? 40 }, () => mpegFrame));
  writeFileSync(path, Buffer.concat([header, body, audio]));
}
