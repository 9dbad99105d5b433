// npm run eval:tempo — tempo accuracy of Emotune's analyser on audio of known tempo: synthesised drum
// patterns (written as WAV files and analysed through the app's own decode + analysis path) and the
// ../shared/data/music tracks whose tempo the game publishes. Prints JSON with Acc1 and Acc2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeAudioFile, publishedTempoTracks, SYNTHETIC_TEMPI, tempoAccuracy, tempoHit } from '../src/main/analysis/index.ts';
import { writeWavSamples } from '../src/main/testing/audio-builders.ts';
import { drumPattern } from '../src/main/testing/signals.ts';

const musicDir = resolve(import.meta.dirname, '../../shared/data/music');
const dir = mkdtempSync(join(tmpdir(), 'emotune-tempo-'));
try {
  const cases: { name: string; truth: number; estimated: number; acc1: boolean; acc2: boolean }[] = [];
  for (const bpm of SYNTHETIC_TEMPI) {
    const file = join(dir, `drums-${bpm}.wav`);
    writeWavSamples(file, drumPattern(bpm, 30), 22_050);
    const { tempoBpm } = await analyzeAudioFile(file);
    cases.push({ name: `synthetic drums ${bpm} BPM`, truth: bpm, estimated: tempoBpm, ...tempoHit(tempoBpm, bpm) });
  }
  for (const track of publishedTempoTracks(musicDir)) {
    try {
      const { tempoBpm } = await analyzeAudioFile(track.path);
      cases.push({ name: track.path.slice(musicDir.length + 1), truth: track.bpm, estimated: tempoBpm, ...tempoHit(tempoBpm, track.bpm) });
    } catch (error) {
      process.stderr.write(`skipped ${track.path}: ${(error as Error).message}\n`);
    }
  }
  const all = tempoAccuracy(cases);
  const real = tempoAccuracy(cases.filter((c) => !c.name.startsWith('synthetic')));
  process.stdout.write(`${JSON.stringify({ evaluation: 'tempo', acc1: all.acc1, acc2: all.acc2, count: all.count, published: real, cases }, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
