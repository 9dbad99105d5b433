import type { Song } from '../../../shared/api/index.ts';
import { SoundSession, type CreateSound } from './sound-session.ts';

export interface PlayerOptions {
  /**
   * Asked for more songs when the queue runs out (a song ends, or Next at the last one), so the music goes on:
   * the app answers with a fresh playlist for the mood, which avoids the songs just played.
   */
  more?: () => Promise<Song[]>;
  /** Seconds a song that cannot be loaded stays on screen, with the reason, before the next one plays. */
  skipAfterErrorSec?: number;
  createSound?: CreateSound;
  /**
   * A song stopped being the current one: `played` when it played to its end, `skipped` when the listener
   * moved on within its first 30 seconds of playing (the app counts both as feedback for the mood).
   */
  onSongLeft?: (song: Song, outcome: 'played' | 'skipped') => void;
}

/** Leaving a song within this many seconds of its start counts as skipping it. */
export const SKIP_WITHIN_SEC = 30;

/** The volume is remembered between sessions (a renderer-only preference). */
const VOLUME_KEY = 'emotune.volume';

/** Howler's format hint from the file's ending (media URLs carry only the song id). */
function formatOf(song: Song): string {
  const ext = /\.([a-z0-9]+)$/i.exec(song.path)?.[1]?.toLowerCase() ?? 'mp3';
  return ext === 'oga' ? 'ogg' : ext === 'm4a' || ext === 'mp4' ? 'm4a' : ext;
}

/**
 * Playback with Howler (through SoundSession; HTML5 audio, so long files stream through range requests): the queue is the
 * playlist; a new playlist replaces what comes next without stopping the song that plays. When the queue
 * runs out the player asks for more (PlayerOptions.more); a song that cannot be loaded is skipped.
 */
export class PlayerStore {
  queue = $state<Song[]>([]);
  current = $state<Song | null>(null);
  playing = $state(false);
  loading = $state(false);
  positionSec = $state(0);
  durationSec = $state(0);
  volume = $state(0.8);
  /** Silenced without losing the volume (M); a volume change ends it. Not remembered between sessions. */
  muted = $state(false);
  error = $state<string | null>(null);
  readonly #urls: { media(songId: number): string; cover(songId: number): string };
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  readonly #options: PlayerOptions;
  #sound: SoundSession | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #skipTimer: ReturnType<typeof setTimeout> | null = null;
  /** Songs loaded so far: tells a continuation that the user has picked something else meanwhile. */
  #loads = 0;
  /** Whether the current song has started playing, and whether its leaving was already reported. */
  #started = false;
  #reported = false;

  constructor(
    urls: { media(songId: number): string; cover(songId: number): string },
    storage?: Pick<Storage, 'getItem' | 'setItem'>,
    options: PlayerOptions = {},
  ) {
    this.#urls = urls;
    this.#storage = storage ?? null;
    this.#options = options;
    const saved = Number(this.#storage?.getItem(VOLUME_KEY));
    if (this.#storage?.getItem(VOLUME_KEY) !== null && Number.isFinite(saved)) this.volume = Math.max(0, Math.min(1, saved));
  }

  /** The cover image URL of a song, or null when it has none. */
  coverOf(song: Song): string | null {
    return song.hasCover ? this.#urls.cover(song.id) : null;
  }

  readonly #index = $derived(this.current ? this.queue.findIndex((s) => s.id === this.current?.id) : -1);
  readonly hasNext = $derived(this.queue.length > 0 && this.#index < this.queue.length - 1);

  setQueue(songs: Song[]): void {
    this.queue = songs;
  }

  play(song?: Song): void {
    if (song) {
      this.#load(song, true);
      return;
    }
    if (this.#sound) {
      this.#sound.play();
      return;
    }
    const first = this.queue[0];
    if (first) this.#load(first, true);
  }

  pause(): void {
    this.#sound?.pause();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  next(): void {
    const next = this.queue[this.#index + 1];
    if (next) this.#load(next, true);
    else if (this.current) void this.#continueAfter(this.current);
  }

  /** The queue has run out after `last`: play the first new song of a fresh playlist, unless the user moved on. */
  async #continueAfter(last: Song): Promise<void> {
    if (!this.#options.more) return;
    const loadsBefore = this.#loads;
    let songs: Song[];
    try {
      songs = await this.#options.more();
    } catch (error) {
      this.error = `No more songs: ${(error as Error).message}`;
      return;
    }
    if (this.#loads !== loadsBefore) return; // the user chose a song meanwhile
    this.queue = songs;
    const following = songs.find((s) => s.id !== last.id);
    if (following) this.#load(following, true);
  }

  /** Back to the start of the song, or to the previous one when within its first 3 seconds. */
  previous(): void {
    if (this.#sound && this.positionSec > 3) {
      this.seek(0);
      return;
    }
    const previous = this.queue[this.#index - 1];
    if (previous) this.#load(previous, true);
    else this.seek(0);
  }

  seek(seconds: number): void {
    if (!this.#sound) return;
    const clamped = Math.max(0, Math.min(seconds, this.durationSec || seconds));
    this.#sound.seek(clamped);
    this.positionSec = clamped;
  }

  seekBy(deltaSec: number): void {
    this.seek(this.positionSec + deltaSec);
  }

  /** What the sound plays at: the volume, or nothing while muted. */
  get outputVolume(): number {
    return this.muted ? 0 : this.volume;
  }

  toggleMute(): void {
    this.muted = !this.muted;
    this.#sound?.volume(this.outputVolume);
  }

  setVolume(volume: number): void {
    this.volume = Math.max(0, Math.min(1, volume));
    this.muted = false;
    this.#sound?.volume(this.outputVolume);
    try {
      this.#storage?.setItem(VOLUME_KEY, String(this.volume));
    } catch {
      // Storage full or blocked: the volume just is not remembered.
    }
  }

  dispose(): void {
    this.#stopTimer();
    this.#cancelSkip();
    this.#sound?.unload();
    this.#sound = null;
  }

  #load(song: Song, autoplay: boolean): void {
    this.#loads += 1;
    if (this.current && this.#started && this.positionSec < SKIP_WITHIN_SEC) this.#reportLeft(this.current, 'skipped');
    this.#started = false;
    this.#reported = false;
    this.#sound?.unload();
    this.#stopTimer();
    this.#cancelSkip();
    this.current = song;
    this.positionSec = 0;
    this.durationSec = song.durationSec ?? 0;
    this.playing = false;
    this.loading = true;
    this.error = null;
    const sound = new SoundSession(
      { src: this.#urls.media(song.id), format: formatOf(song), volume: this.outputVolume },
      {
        onload: (durationSec) => {
          this.loading = false;
          if (durationSec > 0) this.durationSec = durationSec;
        },
        onplay: () => {
          this.loading = false;
          this.playing = true;
          this.#started = true;
          this.#startTimer();
        },
        onpause: () => {
          this.playing = false;
          this.#stopTimer();
        },
        onend: () => {
          this.playing = false;
          this.#stopTimer();
          this.#reportLeft(song, 'played');
          this.next();
        },
        onloaderror: (message) => {
          this.#fail(song, message);
          this.#skipLater(song);
        },
        // Not skipped: a play error is mostly the browser's autoplay policy, which the next song would meet too.
        onplayerror: (message) => this.#fail(song, message),
      },
      this.#options.createSound,
    );
    this.#sound = sound;
    if (autoplay) sound.play();
  }

  #reportLeft(song: Song, outcome: 'played' | 'skipped'): void {
    if (this.#reported) return;
    this.#reported = true;
    this.#options.onSongLeft?.(song, outcome);
  }

  #fail(song: Song, message: string): void {
    this.loading = false;
    this.playing = false;
    this.#stopTimer();
    this.error = `Cannot play “${song.title}”: ${message}.`;
  }

  /** After a load error, the next song in the queue (never more than the queue: no endless skipping). */
  #skipLater(song: Song): void {
    this.#cancelSkip();
    if (!this.hasNext) return;
    this.#skipTimer = setTimeout(() => {
      this.#skipTimer = null;
      if (this.current?.id === song.id && !this.playing) this.next();
    }, (this.#options.skipAfterErrorSec ?? 2) * 1000);
  }

  #cancelSkip(): void {
    if (this.#skipTimer) clearTimeout(this.#skipTimer);
    this.#skipTimer = null;
  }

  #startTimer(): void {
    this.#stopTimer();
    this.#timer = setInterval(() => {
      const position = this.#sound?.position();
      if (typeof position === 'number') this.positionSec = position;
    }, 250);
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
