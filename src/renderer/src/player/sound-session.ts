import { Howl, type HowlOptions } from 'howler';

/** What a session uses of a Howl; tests put a scripted sound at this boundary (no audio device there). */
export type Sound = Pick<Howl, 'play' | 'pause' | 'playing' | 'seek' | 'volume' | 'unload' | 'duration'>;

export type CreateSound = (options: HowlOptions) => Sound;

export interface SessionEvents {
  onload(durationSec: number): void;
  onplay(): void;
  onpause(): void;
  onend(): void;
  onloaderror(message: string): void;
  onplayerror(message: string): void;
}

/**
 * One song's Howl (HTML5 audio), driven so that Howler's play lock is never hit. While an HTML5 `play()` is
 * pending, Howler queues a seek, and even a position read, as an action that can replay forever (howler.js
 * issues #1163 and #1189): a few quick seeks (→ pressed twice, or the seek bar dragged) froze playback between
 * two positions. So a seek while the sound loads or starts playing is held back, only the latest one, and done
 * when it can be: pause, move, play again, with the position read only while nothing is pending.
 */
export class SoundSession {
  readonly #sound: Sound;
  /** The Howl's sound id, from the first play (until then a number passed to seek could be taken for an id). */
  #id: number | null = null;
  #loaded = false;
  /** Between our play() and Howler's play event: Howler must not be asked to seek or to tell the position. */
  #starting = false;
  /** A pause that is part of a seek: the player goes on playing. */
  #seekPause = false;
  #pendingSeek: number | null = null;
  /**
   * A pause asked for while a play is starting. Howler would queue it behind its play lock and then never run
   * it (its queue only moves on a 'load' or on an event of the task's own kind), so Space pressed just after
   * a seek left the song playing. It is done as soon as the play has started instead.
   */
  #pendingPause = false;
  /** A volume set while a play is starting: Howler would queue it the same way, and it would block its queue. */
  #pendingVolume: number | null = null;
  /** Gain above 1 (a quiet song levelled up), applied in Web Audio once the media element exists. */
  #boost = 1;

  constructor(options: { src: string; format: string; volume: number }, events: SessionEvents, createSound: CreateSound = (o) => new Howl(o)) {
    const sound = createSound({
      src: [options.src],
      format: [options.format],
      html5: true,
      volume: options.volume,
      onload: () => {
        this.#loaded = true;
        if (this.#pendingVolume !== null && !this.#starting) this.volume(this.#pendingVolume);
        this.#applyBoost();
        events.onload(sound.duration());
        this.#seekWhenFree();
      },
      onplay: () => {
        this.#starting = false;
        events.onplay();
        if (this.#pendingVolume !== null) this.volume(this.#pendingVolume);
        if (this.#pendingPause) {
          this.#pendingPause = false;
          this.pause();
        }
        this.#seekWhenFree();
      },
      onpause: () => {
        if (this.#seekPause) this.#seekPause = false;
        else events.onpause();
      },
      onstop: () => events.onpause(),
      onend: () => events.onend(),
      onloaderror: (_id, error) => events.onloaderror(typeof error === 'string' ? error : 'the file could not be decoded'),
      onplayerror: (_id, error) => {
        this.#starting = false;
        events.onplayerror(typeof error === 'string' ? error : 'playback could not start');
      },
    });
    this.#sound = sound;
  }

  get playing(): boolean {
    return this.#id !== null && this.#sound.playing(this.#id);
  }

  play(): void {
    this.#pendingPause = false;
    if (this.#starting || this.playing) return;
    this.#starting = true;
    this.#id = this.#id === null ? this.#sound.play() : this.#sound.play(this.#id);
  }

  pause(): void {
    if (this.#id === null) return;
    if (this.#starting) this.#pendingPause = true;
    else this.#sound.pause(this.#id);
  }

  /** Moves to `seconds` now, or as soon as the sound can (the latest request wins). */
  seek(seconds: number): void {
    this.#pendingSeek = seconds;
    this.#seekWhenFree();
  }

  /** Where playback is, or where it is about to be after a held-back seek; null while that cannot be asked. */
  position(): number | null {
    if (this.#pendingSeek !== null) return this.#pendingSeek;
    if (this.#id === null || this.#starting) return null;
    const position = this.#sound.seek(this.#id);
    return typeof position === 'number' ? position : null;
  }

  /**
   * Sets the volume now, or as soon as Howler can take it: before the sound has loaded, Howler queues the change
   * ahead of a queued play and its queue can then stall (the song loads and never starts), so it waits here.
   */
  volume(volume: number): void {
    if (this.#starting || !this.#loaded) {
      this.#pendingVolume = volume;
      return;
    }
    this.#pendingVolume = null;
    this.#sound.volume(volume);
  }

  unload(): void {
    this.#sound.unload();
  }

  /**
   * Raises the sound above full volume by `linear` (> 1; 1 undoes it): the media element cannot, so its output
   * goes through a Web Audio gain (one per element, kept: an element can feed only one source node).
   */
  boost(linear: number): void {
    this.#boost = Math.max(1, linear);
    if (this.#loaded) this.#applyBoost();
  }

  #applyBoost(): void {
    const node = (this.#sound as unknown as { _sounds?: { _node?: HTMLMediaElement }[] })._sounds?.[0]?._node;
    if (!node || typeof AudioContext === 'undefined') return;
    const route = routeThroughGain(node, this.#boost > 1);
    if (route) route.gain.value = this.#boost;
  }

  #seekWhenFree(): void {
    const target = this.#pendingSeek;
    if (target === null || !this.#loaded || this.#starting || this.#id === null) return;
    this.#pendingSeek = null;
    const wasPlaying = this.playing;
    if (wasPlaying) {
      this.#seekPause = true;
      this.#sound.pause(this.#id);
    }
    this.#sound.seek(target, this.#id);
    if (wasPlaying) this.play();
  }
}

let context: AudioContext | null = null;
const routes = new WeakMap<HTMLMediaElement, GainNode>();

// An AudioContext starts suspended unless a user gesture starts it; one made outside a gesture would silence the
// element routed through it. So it is made (or resumed) in the first click or key press, and a song is routed
// through a gain only while it runs.
if (typeof window !== 'undefined' && typeof AudioContext !== 'undefined') {
  const wake = (): void => {
    try {
      context ??= new AudioContext();
      if (context.state === 'suspended') void context.resume();
    } catch {
      // No Web Audio: songs are not raised above full volume.
    }
  };
  window.addEventListener('pointerdown', wake, { capture: true });
  window.addEventListener('keydown', wake, { capture: true });
}

/**
 * The gain node an element plays through, created on first need (only when a boost is asked for: an element
 * never routed keeps the browser's plain path). Null where Web Audio is not running or refuses the element.
 */
function routeThroughGain(node: HTMLMediaElement, create: boolean): GainNode | null {
  const existing = routes.get(node);
  if (existing || !create) return existing ?? null;
  if (!context || context.state !== 'running') return null;
  try {
    const gain = context.createGain();
    context.createMediaElementSource(node).connect(gain).connect(context.destination);
    routes.set(node, gain);
    return gain;
  } catch {
    return null;
  }
}
