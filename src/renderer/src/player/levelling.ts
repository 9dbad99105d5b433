/**
 * Loudness normalisation (ReplayGain's idea, track mode), from the integrated loudness (EBU R128 / BS.1770,
 * LUFS) the analysis measures for every song: each song is played at the gain that brings it to one reference
 * level, so a quiet master (-29 LUFS) and a loud one (-7 LUFS) sound equally loud at the same volume setting.
 */
export const TARGET_LUFS = -18;
/** A quiet song is raised at most this much (more would raise its noise floor and risk clipping its peaks). */
export const MAX_BOOST_DB = 12;
/** And a loud one lowered at most this much. */
export const MAX_CUT_DB = 24;

/** The gain for a song, in dB (0 without a measurement or with levelling off). */
export function levellingGainDb(loudnessLufs: number | null | undefined, enabled: boolean): number {
  if (!enabled || loudnessLufs === null || loudnessLufs === undefined || !Number.isFinite(loudnessLufs)) return 0;
  return Math.max(-MAX_CUT_DB, Math.min(MAX_BOOST_DB, TARGET_LUFS - loudnessLufs));
}

export const dbToLinear = (db: number): number => 10 ** (db / 20);

/** "+6.0 dB", "−4.5 dB", "0 dB" for the player bar. */
export function formatGain(db: number): string {
  if (Math.abs(db) < 0.05) return '0 dB';
  return `${db > 0 ? '+' : '−'}${Math.abs(db).toFixed(1)} dB`;
}
