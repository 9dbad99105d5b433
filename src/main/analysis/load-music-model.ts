import { readFileSync } from 'node:fs';
import { DESCRIPTOR_NAMES } from './descriptors.ts';
import { checkModelFits, MusicEmotionModelSchema, type MusicEmotionModel } from './music-emotion-model.ts';
import { checkPlacementFits } from './spotify-placement.ts';

/**
 * Reads the music-emotion model. A missing or broken file is logged and the analyser goes on with the cue
 * formula (mood-model.ts) instead of stopping the app: songs still get a valence and an arousal, less well.
 */
export function loadMusicEmotionModel(file: string, log: (message: string) => void = () => {}): MusicEmotionModel | null {
  try {
    const model = MusicEmotionModelSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    checkModelFits(model, DESCRIPTOR_NAMES);
    return model;
  } catch (error) {
    log(`music-emotion model ${file} cannot be used (${(error as Error).message.split('\n')[0]}); songs' moods come from the cue formula`);
    return null;
  }
}

/**
 * Reads the placement of feature-table songs (spotify-placement.ts). Without it (missing or broken file,
 * logged) such songs keep their Spotify valence and energy as their point, as before the model existed.
 */
export function loadSpotifyPlacement(file: string, log: (message: string) => void = () => {}): MusicEmotionModel | null {
  try {
    const model = MusicEmotionModelSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    checkPlacementFits(model);
    return model;
  } catch (error) {
    log(`feature-table placement ${file} cannot be used (${(error as Error).message.split('\n')[0]}); CSV songs are placed by their Spotify valence and energy as they are`);
    return null;
  }
}
