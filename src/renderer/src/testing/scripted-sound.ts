import type { Song } from '../../../shared/api/index.ts';
import type { CreateSound, Sound } from '../player/sound-session.ts';

type HowlOptions = Parameters<CreateSound>[0];

/** A library song with id `id` (title S<id>, 60 s). */
export const song = (id: number): Song => ({
  id,
  path: `/m/${id}.ogg`,
  title: `S${id}`,
  artist: null,
  album: null,
  genre: null,
  year: null,
  durationSec: 60,
  hasCover: false,
  emotions: [],
  features: null,
  analysisError: null,
});

/** Sounds that play at once and end or fail when the test says: the audio output is this test's boundary. */
export function scriptedSounds() {
  const made: { src: string; options: HowlOptions; volume: number }[] = [];
  const createSound = (options: HowlOptions): Sound => {
    const sound = { src: String(options.src), options, volume: options.volume ?? 1 };
    made.push(sound);
    let playing = false;
    return {
      play: () => ((playing = true), options.onplay?.(1), 1),
      pause: () => ((playing = false), options.onpause?.(1)),
      playing: () => playing,
      seek: () => 0,
      volume: (volume?: number) => (volume === undefined ? sound.volume : void (sound.volume = volume)),
      unload: () => null,
      duration: () => 60,
    } as unknown as Sound;
  };
  const last = () => made.at(-1)!;
  return {
    createSound,
    playingSrc: () => last().src,
    /** The volume the latest sound plays at. */
    volume: () => last().volume,
    end: () => last().options.onend?.(1),
    failToLoad: () => last().options.onloaderror?.(1, 'Decoding error'),
  };
}
