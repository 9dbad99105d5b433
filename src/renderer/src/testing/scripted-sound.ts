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
  const made: { src: string; options: HowlOptions; volume: number; position: number; playing: boolean }[] = [];
  const createSound = (options: HowlOptions): Sound => {
    const sound = { src: String(options.src), options, volume: options.volume ?? 1, position: 0, playing: false };
    made.push(sound);
    // Loaded at once, as a file from the app's own server soon is.
    queueMicrotask(() => options.onload?.(1));
    return {
      play: () => ((sound.playing = true), options.onplay?.(1), 1),
      pause: () => ((sound.playing = false), options.onpause?.(1)),
      playing: () => sound.playing,
      // Howler: seek(id) tells the position, seek(seconds, id) moves it.
      seek: (...args: number[]) => (args.length >= 2 ? void (sound.position = args[0] as number) : sound.position),
      volume: (volume?: number) => (volume === undefined ? sound.volume : void (sound.volume = volume)),
      unload: () => void (sound.playing = false),
      duration: () => 60,
    } as unknown as Sound;
  };
  const last = () => made.at(-1)!;
  const playingNow = () => made.filter((m) => m.playing).at(-1) ?? last();
  return {
    createSound,
    /** Every sound made, in order (a preloaded one included). */
    made: () => made.map((m) => m.src),
    /** Moves the playing sound's clock (as time passing would). */
    at: (seconds: number) => void (playingNow().position = seconds),
    playingSrc: () => playingNow().src,
    /** The volume the latest sound plays at. */
    volume: () => last().volume,
    end: () => {
      const sound = playingNow();
      sound.playing = false;
      sound.options.onend?.(1);
    },
    failToLoad: () => last().options.onloaderror?.(1, 'Decoding error'),
  };
}
