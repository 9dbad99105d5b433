import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_PNG, writeMp3, writeCorruptAudio, writeWavSamples } from '../testing/audio-builders.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { drumPattern, scaleMelody } from '../testing/signals.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { analyzeAudioFile } from './audio-features.ts';
import { decodeAudioFile, NeedsWindowDecoderError } from './decode-audio.ts';
import { LoudnessMeter } from './loudness.ts';
import { MonoResampler } from './resample.ts';
import { tempoAccuracy } from './tempo-accuracy.ts';
import { publishedTempoTracks, SYNTHETIC_TEMPI } from './tempo-test-set.ts';

const temp = useTempDir();
const music = (...parts: string[]): string => sharedPath('data', 'music', ...parts);

describe('audio analysis through the real decode path', () => {
  it('reaches tempo Acc2 ≥ 90 % on the tempo test set', async () => {
    const cases: { estimated: number; truth: number }[] = [];
    for (const bpm of SYNTHETIC_TEMPI) {
      const file = join(temp.path, `drums-${bpm}.wav`);
      writeWavSamples(file, drumPattern(bpm, 20), 22_050);
      cases.push({ estimated: (await analyzeAudioFile(file)).tempoBpm, truth: bpm });
    }
    if (hasShared('data', 'music')) {
      for (const track of publishedTempoTracks(sharedPath('data', 'music'))) {
        cases.push({ estimated: (await analyzeAudioFile(track.path)).tempoBpm, truth: track.bpm });
      }
    }
    expect(tempoAccuracy(cases).acc2).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('finds the key and mode of a tonal melody', async () => {
    const major = join(temp.path, 'c-major.wav');
    const minor = join(temp.path, 'a-minor.wav');
    writeWavSamples(major, scaleMelody(60, 'major', 12), 22_050);
    writeWavSamples(minor, scaleMelody(69, 'minor', 12), 22_050);
    expect((await analyzeAudioFile(major)).keyName).toBe('C major');
    expect((await analyzeAudioFile(minor)).keyName).toBe('A minor');
  });

  it('orders a quiet and a loud version of the same music by loudness, 12 dB apart', async () => {
    let samples = drumPattern(120, 20);
    if (hasShared('data', 'music')) {
      const resampler = new MonoResampler(22_050);
      await decodeAudioFile(music('funnyboat', 'JDruid-Trip_on_the_Funny_Boat.ogg'), (c, r) => resampler.push(c, r));
      samples = resampler.finish().subarray(22_050 * 30, 22_050 * 60);
    }
    const loud = join(temp.path, 'loud.wav');
    const quiet = join(temp.path, 'quiet.wav');
    writeWavSamples(loud, samples, 22_050);
    writeWavSamples(quiet, samples.map((v) => v / 4), 22_050);
    const [a, b] = [await analyzeAudioFile(loud), await analyzeAudioFile(quiet)];
    expect(a.loudnessLufs - b.loudnessLufs).toBeCloseTo(12.04, 0);
    expect(a.energy).toBeGreaterThan(b.energy);
    expect(a.arousal).toBeGreaterThan(b.arousal);
  });

  it('decodes a mono MP3 as one channel (mpg123 hands out two, which would read 3 dB too loud)', async () => {
    const channels = async (mono: boolean): Promise<number> => {
      const file = join(temp.path, `${mono ? 'mono' : 'stereo'}.mp3`);
      writeMp3(file, { title: 'x', frames: 40, mono });
      let count = 0;
      await decodeAudioFile(file, (c) => (count = c.length));
      return count;
    };
    expect(await channels(true)).toBe(1);
    expect(await channels(false)).toBe(2);
  });

  it.skipIf(!hasShared('data', 'music'))(
    'decodes only the three excerpts of a long track, by jumping in MP3, Vorbis and Opus, the same audio as reading it all',
    async () => {
      const tracks = [
        ['asc-music', 'machine_wars.mp3'],
        ['enigma-data', 'enigma_rag.ogg'],
        // Its setup header ends on the first audio page, which must go with the headers.
        ['lincity-ng-data', '03 - Robert van Herk - Architectural Contemplations.ogg'],
        ['lincity-ng-data', '02 - Robert van Herk - City Blues.ogg'],
        ['warzone2100-music', 'track16.opus'],
        ['hyperrogue-music', 'hr3-crossroads.flac'],
      ];
      for (const parts of tracks) {
        const file = music(...parts);
        // The level of each excerpt's window, reading everything from the start…
        let durationSec = 0;
        await decodeAudioFile(file, (channels, rate) => (durationSec += (channels[0]?.length ?? 0) / rate));
        const windows = [0.25, 0.5, 0.75].map((p) => [p * durationSec - 5, p * durationSec + 5] as const);
        const sequential = [0, 0, 0];
        let t = 0;
        await decodeAudioFile(file, (channels, rate) => {
          for (const v of channels[0] ?? []) {
            windows.forEach(([a, b], i) => {
              if (t >= a && t < b) sequential[i] = (sequential[i] as number) + v * v;
            });
            t += 1 / rate;
          }
        });
        // …and by the plan; and the loudness of the excerpts against the whole track's.
        const planned = [0, 0, 0];
        const wholeMeter = new LoudnessMeter();
        await decodeAudioFile(file, (channels, rate) => wholeMeter.push(channels, rate));
        const excerptMeter = new LoudnessMeter();
        const result = await decodeAudioFile(file, (channels, rate, excerpt) => {
          excerptMeter.push(channels, rate);
          for (const v of channels[0] ?? []) planned[excerpt] = (planned[excerpt] as number) + v * v;
        }, undefined, durationSec);
        // A long track's loudness is measured on its 30 s of excerpts: close to the whole track's, not equal.
        expect(Math.abs(excerptMeter.integrated() - wholeMeter.integrated()), `${parts.join('/')} loudness`).toBeLessThan(2);
        const label = parts.join('/');
        if (durationSec <= 60) {
          expect(result.excerpts, label).toBe(1);
          continue;
        }
        expect(result.excerpts, label).toBe(3);
        expect(result.seconds, label).toBeCloseTo(30, 0);
        planned.forEach((energy, i) => {
          const db = 10 * Math.log10(energy / (sequential[i] as number));
          expect(Math.abs(db), `${label} excerpt ${i}: ${db.toFixed(2)} dB`).toBeLessThan(1.5);
        });
      }
    },
    60_000,
  );

  it('refuses a header that says 1 or 0 samples per second before allocating anything for it', async () => {
    for (const rate of [1, 0]) {
      const file = join(temp.path, `rate-${rate}.wav`);
      // 200 KB of samples: at 1 Hz the old analyser resampled them 22,050-fold (gigabytes).
      writeWavSamples(file, new Float32Array(100_000), rate);
      await expect(analyzeAudioFile(file)).rejects.toMatchObject({ code: 'invalid-input', message: `the audio says ${rate} samples per second; Emotune reads 4,000 to 384,000` });
    }
  });

  it('decodes an MP3 behind a 20 MB embedded cover (the tag is skipped, not fed to the decoder)', async () => {
    // Issue 14, item 11: a 60 MB cover made the audio "not decodable".
    const file = join(temp.path, 'big-cover.mp3');
    writeMp3(file, { title: 'Big cover', cover: Buffer.concat([TINY_PNG, Buffer.alloc(20 * 1024 * 1024, 1)]), frames: 400 });
    const features = await analyzeAudioFile(file);
    expect(features.durationSec).toBeGreaterThan(10);
  });

  it('refuses what it cannot decode, with the reason', async () => {
    const corrupt = join(temp.path, 'broken.mp3');
    writeCorruptAudio(corrupt);
    await expect(analyzeAudioFile(corrupt)).rejects.toMatchObject({ code: 'invalid-input' });
    if (hasShared('data', 'music')) {
      // M4A goes to the app window's decoder: the error says so, and is the one the analysis routes by.
      await expect(analyzeAudioFile(music('singularity-music', 'Awakening.m4a'))).rejects.toBeInstanceOf(NeedsWindowDecoderError);
    }
  });

  it.skipIf(!hasShared('data', 'music'))(
    'measures loudness as ffmpeg\'s EBU R128 meter does, in every format it decodes',
    async () => {
      // Integrated loudness published in ../shared/data/music/README.md (ffmpeg 5.1 ebur128 filter).
      const published: [string[], number][] = [
        [['extremetuxracer-data', 'spunkyrace-ks.ogg'], -8.6],
        [['hex-a-hop-data', 'music-game-1.ogg'], -29.1],
        [['asc-music', 'machine_wars.mp3'], -11.3],
        [['hyperrogue-music', 'hr3-crossroads.flac'], -14.7],
        [['extremetuxracer-data', 'options1-jt.wav'], -22.9],
        [['warzone2100-music', 'track13.opus'], -11.8],
      ];
      for (const [parts, lufs] of published) {
        const features = await analyzeAudioFile(music(...parts));
        expect(Math.abs(features.loudnessLufs - lufs), parts.join('/')).toBeLessThanOrEqual(0.5);
        for (const v of [features.energy, features.valence, features.arousal]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    },
    120_000,
  );
});
if (!hasShared('data', 'music')) console.warn(skipMessage('data', 'music'));
