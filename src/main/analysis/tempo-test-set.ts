import { join } from 'node:path';

/**
 * The tempo test set: synthesised drum patterns at known tempi (src/main/testing/signals.ts), and the real
 * tracks of ../shared/data/music whose tempo the game publishes (Warzone 2100's album.json).
 */
export const SYNTHETIC_TEMPI = [60, 72, 85, 90, 100, 110, 120, 128, 140, 150, 160, 174, 190] as const;

export function publishedTempoTracks(musicDir: string): { path: string; bpm: number }[] {
  return [
    { path: join(musicDir, 'warzone2100-music', 'track13.opus'), bpm: 130 },
    { path: join(musicDir, 'warzone2100-music', 'track16.opus'), bpm: 125 },
  ];
}
