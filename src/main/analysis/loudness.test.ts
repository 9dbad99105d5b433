import { describe, expect, it } from 'vitest';
import { LoudnessMeter } from './loudness.ts';
import { MonoResampler } from './resample.ts';

const sine = (rate: number, seconds: number, hz: number, amplitude: number): Float32Array =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

describe('LoudnessMeter (BS.1770)', () => {
  it('reads a 0 dBFS 1 kHz sine in one channel as about -3.0 LUFS', () => {
    // BS.1770's calibration: a full-scale 997 Hz sine in one channel of a stereo pair reads -3.01 LUFS.
    const meter = new LoudnessMeter();
    meter.push([sine(48_000, 5, 997, 1), new Float32Array(240_000)], 48_000);
    expect(meter.integrated()).toBeCloseTo(-3.01, 1);
  });

  it('drops 20 dB for a tenth of the amplitude, at any sample rate, in chunks', () => {
    const loud = new LoudnessMeter();
    const quiet = new LoudnessMeter();
    const signal = sine(44_100, 4, 440, 0.5);
    for (let i = 0; i < signal.length; i += 4096) {
      loud.push([signal.subarray(i, i + 4096)], 44_100);
      quiet.push([signal.subarray(i, i + 4096).map((v) => v / 10)], 44_100);
    }
    expect(loud.integrated() - quiet.integrated()).toBeCloseTo(20, 1);
    expect(loud.peak).toBeCloseTo(0.5, 3);
  });

  it('gates out silence', () => {
    const meter = new LoudnessMeter();
    meter.push([sine(22_050, 2, 440, 0.1)], 22_050);
    const alone = meter.integrated();
    meter.push([new Float32Array(22_050 * 10)], 22_050);
    // Ungated, 10 s of silence after 2 s of tone would read 7.8 dB lower; only the blocks that straddle
    // the end of the tone may lower it a little.
    expect(meter.integrated()).toBeGreaterThan(alone - 0.5);
    expect(meter.integrated()).toBeLessThanOrEqual(alone);
    expect(new LoudnessMeter().integrated()).toBe(-Infinity);
  });
});

describe('MonoResampler', () => {
  it('averages channels and keeps a low tone at the new rate, across chunks', () => {
    const resampler = new MonoResampler(22_050);
    const left = sine(44_100, 1, 100, 0.5);
    const right = left.map((v) => -v * 0); // silent right channel: mono is half the left
    for (let i = 0; i < left.length; i += 1000) resampler.push([left.subarray(i, i + 1000), right.subarray(i, i + 1000)], 44_100);
    const out = resampler.finish();
    expect(out.length).toBe(22_050);
    expect(Math.max(...out)).toBeCloseTo(0.25, 2);
    expect(out[Math.round(22_050 / 400)]).toBeCloseTo(0.25 * Math.sin((2 * Math.PI * 100 * (Math.round(22_050 / 400) + 0.5)) / 22_050), 2);
  });

  it('handles rates that do not divide evenly (48 kHz)', () => {
    const resampler = new MonoResampler(22_050);
    resampler.push([sine(48_000, 2, 50, 1)], 48_000);
    expect(resampler.finish().length).toBe(44_100);
  });
});
