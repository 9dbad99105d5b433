import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { loadSpotifyPlacement } from './load-music-model.ts';
import { checkPlacementFits, placeBySpotifyFeatures } from './spotify-placement.ts';

const temp = useTempDir();
const SHIPPED = join(resolve(import.meta.dirname, '../../..'), 'assets', 'music-emotion', 'spotify-placement.json');

describe('the placement of feature-table songs (assets/music-emotion/spotify-placement.json)', () => {
  it('loads, and reads Spotify valence and energy in that order', () => {
    const model = loadSpotifyPlacement(SHIPPED);
    expect(model).not.toBeNull();
    expect(model?.descriptorNames).toEqual(['valence', 'energy']);
  });

  it('puts songs on the model scale: more energy, more arousal; more Spotify valence, more valence; quadrants sum to 1', () => {
    const model = loadSpotifyPlacement(SHIPPED);
    if (!model) throw new Error('no placement model');
    const at = (v: number, e: number) => placeBySpotifyFeatures(model, v, e);
    for (const v of [0.1, 0.5, 0.9]) expect(at(v, 0.9).arousal).toBeGreaterThan(at(v, 0.2).arousal);
    for (const e of [0.2, 0.5, 0.9]) expect(at(0.9, e).valence).toBeGreaterThan(at(0.1, e).valence);
    for (const [v, e] of [[0.1, 0.1], [0.9, 0.9], [0.5, 0.5], [0, 1]] as const) {
      const p = at(v, e);
      expect(p.quadrants.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(p.confidence).toBe(Math.max(...p.quadrants));
      for (const x of [p.valence, p.arousal]) expect(x >= 0 && x <= 1).toBe(true);
    }
    // A quiet, dark song is most likely sad (Q3); a loud, bright one happy (Q1).
    expect(at(0.1, 0.15).quadrants.indexOf(at(0.1, 0.15).confidence)).toBe(2);
    expect(at(0.9, 0.85).quadrants.indexOf(at(0.9, 0.85).confidence)).toBe(0);
  });

  it('a broken or foreign file is refused with a message, and the app goes on without it', () => {
    const messages: string[] = [];
    const broken = join(temp.path, 'broken.json');
    writeFileSync(broken, '{"format": "emotune-music-emotion", "version": 1');
    expect(loadSpotifyPlacement(broken, (m) => messages.push(m))).toBeNull();
    const model = loadSpotifyPlacement(SHIPPED);
    const foreign = join(temp.path, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ ...model, descriptorNames: ['energy', 'valence'] }));
    expect(loadSpotifyPlacement(foreign, (m) => messages.push(m))).toBeNull();
    expect(loadSpotifyPlacement(join(temp.path, 'absent.json'), (m) => messages.push(m))).toBeNull();
    expect(messages).toHaveLength(3);
    expect(messages[1]).toMatch(/trained on other descriptors.*placed by their Spotify valence and energy as they are/);
    expect(() => checkPlacementFits({ ...(model as NonNullable<typeof model>), descriptorNames: ['valence'] })).toThrow(/other descriptors/);
  });
});
