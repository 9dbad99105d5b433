import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeAudioFile } from '../src/main/analysis/audio-features.ts';
const root = '/work/shared/data/music';
let ta = 0, tb = 0;
for (const d of readdirSync(root)) { const p = join(root, d); if (!statSync(p).isDirectory()) continue; for (const f of readdirSync(p)) {
  const file = join(p, f);
  try {
  let t = performance.now();
  const full = await analyzeAudioFile(file);
  const a = performance.now() - t;
  const dur = full.durationSec;
  t = performance.now();
  const ex = await analyzeAudioFile(file, null, undefined, dur);
  const b = performance.now() - t; ta += a; tb += b;
  console.log(f.slice(0, 30).padEnd(30), dur.toFixed(0).padStart(4), 'whole', a.toFixed(0).padStart(5), 'excerpts', b.toFixed(0).padStart(5), 'ms | LUFS', full.loudnessLufs.toFixed(1), ex.loudnessLufs.toFixed(1), '| bpm', full.tempoBpm.toFixed(0), ex.tempoBpm.toFixed(0), '|', full.keyName, '/', ex.keyName, '| V', full.valence.toFixed(2), ex.valence.toFixed(2), 'A', full.arousal.toFixed(2), ex.arousal.toFixed(2), ex.analysedSec.toFixed(1));
  } catch (e) { console.log(f, (e as Error).message.slice(0, 60)); }
}}
console.log('total', ta.toFixed(0), tb.toFixed(0));
