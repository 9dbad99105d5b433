import { checkModelFits, predictMusicEmotion, type MusicEmotion, type MusicEmotionModel } from './music-emotion-model.ts';

/**
 * Where a song known only by a Spotify-style feature table (no audio) sits in the music model's plane.
 *
 * The recommender's regions are drawn on the music model's scale: P(positive valence) and P(high arousal).
 * A table's Spotify `valence` and `energy` are scores on another scale (a calm song's Spotify valence is
 * often 0.15, a happy one's 0.6), so they are mapped onto it by a model of the same form as the audio one
 * (music-emotion-model.ts: P(high arousal) and P(positive valence) for lively and for quiet music), trained on
 * the listener-tag quadrants of deezer-va-dev.csv (scripts/train-spotify-placement.ts). Both outputs read both
 * inputs: energetic music with a middling Spotify valence is more often tense than happy.
 */
export const SPOTIFY_PLACEMENT_FEATURES = ['valence', 'energy'] as const;

/** Refuses a placement model trained on other columns than Spotify's valence and energy, in that order. */
export function checkPlacementFits(model: MusicEmotionModel): void {
  checkModelFits(model, SPOTIFY_PLACEMENT_FEATURES);
}

/** A song's point, quadrant probabilities and confidence from its Spotify valence and energy (each 0…1). */
export function placeBySpotifyFeatures(model: MusicEmotionModel, valence: number, energy: number): MusicEmotion {
  return predictMusicEmotion(model, [valence, energy]);
}
