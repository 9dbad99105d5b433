import { Howl } from 'howler';
import type { Song } from '../../../shared/api/index.ts';

/** The volume is remembered between sessions (a renderer-only preference). */
const VOLUME_KEY = 'emotune.volume';

/** Howler's format hint from the file's ending (media URLs carry only the song id). */
function formatOf(song: Song): string {
  const ext = /\.([a-z0-9]+)$/i.exec(song.path)?.[1]?.toLowerCase() ?? 'mp3';
  return ext === 'oga' ? 'ogg' : ext === 'm4a' || ext === 'mp4' ? 'm4a' : ext;
}

/**
 * Playback with Howler (HTML5 audio, so long files stream through range requests): the queue is the
 * playlist; a new playlist replaces what comes next without stopping the song that plays.
 */
export class PlayerStore {
  queue = $state<Song[]>([]);
  current = $state<Song | null>(null);
  playing = $state(false);
  loading = $state(false);
  positionSec = $state(0);
  durationSec = $state(0);
  volume = $state(0.8);
  error = $state<string | null>(null);
  readonly #urls: { media(songId: number): string; cover(songId: number): string };
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  #howl: Howl | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(urls: { media(songId: number): string; cover(songId: number): string }, storage?: Pick<Storage, 'getItem' | 'setItem'>) {
    this.#urls = urls;
    this.#storage = storage ?? null;
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
    if (this.#howl) {
      if (!this.#howl.playing()) this.#howl.play();
      return;
    }
    const first = this.queue[0];
    if (first) this.#load(first, true);
  }

  pause(): void {
    this.#howl?.pause();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  next(): void {
    const next = this.queue[this.#index + 1];
    if (next) this.#load(next, true);
  }

  /** Back to the start of the song, or to the previous one when within its first 3 seconds. */
  previous(): void {
    if (this.#howl && this.positionSec > 3) {
      this.seek(0);
      return;
    }
    const previous = this.queue[this.#index - 1];
    if (previous) this.#load(previous, true);
    else this.seek(0);
  }

  seek(seconds: number): void {
    if (!this.#howl) return;
    const clamped = Math.max(0, Math.min(seconds, this.durationSec || seconds));
    this.#howl.seek(clamped);
    this.positionSec = clamped;
  }

  seekBy(deltaSec: number): void {
    this.seek(this.positionSec + deltaSec);
  }

  setVolume(volume: number): void {
    this.volume = Math.max(0, Math.min(1, volume));
    this.#howl?.volume(this.volume);
    try {
      this.#storage?.setItem(VOLUME_KEY, String(this.volume));
    } catch {
      // Storage full or blocked: the volume just is not remembered.
    }
  }

  dispose(): void {
    this.#stopTimer();
    this.#howl?.unload();
    this.#howl = null;
  }

  #load(song: Song, autoplay: boolean): void {
    this.#howl?.unload();
    this.#stopTimer();
    this.current = song;
    this.positionSec = 0;
    this.durationSec = song.durationSec ?? 0;
    this.playing = false;
    this.loading = true;
    this.error = null;
    const howl = new Howl({
      src: [this.#urls.media(song.id)],
      format: [formatOf(song)],
      html5: true,
      volume: this.volume,
      onload: () => {
        this.loading = false;
        if (howl.duration() > 0) this.durationSec = howl.duration();
      },
      onplay: () => {
        this.loading = false;
        this.playing = true;
        this.#startTimer();
      },
      onpause: () => {
        this.playing = false;
        this.#stopTimer();
      },
      onstop: () => {
        this.playing = false;
        this.#stopTimer();
      },
      onend: () => {
        this.playing = false;
        this.#stopTimer();
        if (this.hasNext) this.next();
      },
      onloaderror: (_id, error) => this.#fail(song, error),
      onplayerror: (_id, error) => this.#fail(song, error),
    });
    this.#howl = howl;
    if (autoplay) howl.play();
  }

  #fail(song: Song, error: unknown): void {
    this.loading = false;
    this.playing = false;
    this.#stopTimer();
    this.error = `Cannot play “${song.title}”: ${typeof error === 'string' ? error : 'the file could not be decoded'}.`;
  }

  #startTimer(): void {
    this.#stopTimer();
    this.#timer = setInterval(() => {
      const position = this.#howl?.seek();
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
