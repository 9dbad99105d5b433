import { readFileSync } from 'node:fs';
import { DESCRIPTOR_NAMES } from './descriptors.ts';
import { checkModelFits, MusicEmotionModelSchema, type MusicEmotionModel } from './music-emotion-model.ts';
import { checkPlacementFits } from './spotify-placement.ts';

/**
 * Reads the music-emotion model. A missing or broken file is logged and the analyser goes on with the cue
 * formula (mood-model.ts) instead of stopping the app: songs still get a valence and an arousal, less well.
 */
export function loadMusicEmotionModel(file: string, log: (message: string) => void = () => {}): MusicEmotionModel | null {
  return readModel(file, (model) => checkModelFits(model, DESCRIPTOR_NAMES), log, (why) => `music-emotion model ${file} cannot be used (${why}); songs' moods come from the cue formula`);
}

/**
 * Reads the placement of feature-table songs (spotify-placement.ts). Without it (missing or broken file,
 * logged) such songs keep their Spotify valence and energy as their point, as before the model existed.
 */
export function loadSpotifyPlacement(file: string, log: (message: string) => void = () => {}): MusicEmotionModel | null {
  return readModel(file, checkPlacementFits, log, (why) => `feature-table placement ${file} cannot be used (${why}); CSV songs are placed by their Spotify valence and energy as they are`);
}

/** A model file of the music-emotion form, checked for the inputs it must read; null (and a log line saying why and what follows) when it cannot be used. */
function readModel(file: string, check: (model: MusicEmotionModel) => void, log: (message: string) => void, unusable: (why: string) => string): MusicEmotionModel | null {
  try {
    const model = MusicEmotionModelSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    check(model);
    return model;
  } catch (error) {
    log(unusable((error as Error).message.split('\n')[0] ?? ''));
    return null;
  }
}
