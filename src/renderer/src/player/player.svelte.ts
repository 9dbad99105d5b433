import type { PlayerSession, SavedPlayerSession, Song } from '../../../shared/api/index.ts';
import { dbToLinear, levellingGainDb } from './levelling.ts';
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
  /** Whether songs are levelled to one loudness (a setting; default on). */
  levelling?: () => boolean;
  /** Whether the app (browser mode's server) can be reached: a song that fails while it cannot is not "broken". */
  connected?: () => boolean;
  /** Random numbers for shuffle (tests give a seeded one). */
  random?: () => number;
  /**
   * Keeps where the listener left off beyond this page (the app's data folder: browser mode's address, and
   * with it the page's own storage, changes at every start). Called as the session changes.
   */
  saveSession?: (session: SavedPlayerSession) => void;
}

export type RepeatMode = PlayerSession['repeat'];
type SavedSession = PlayerSession;

/** Leaving a song within this many seconds of its start counts as skipping it. */
export const SKIP_WITHIN_SEC = 30;

/** Seconds before a song's end when the next one is loaded (so it starts without a gap). */
export const PRELOAD_SEC = 12;

/** The volume is remembered between sessions (a renderer-only preference). */
const VOLUME_KEY = 'emotune.volume';
/** The song, position, queue, shuffle and repeat, saved as they change, restored at the next start. */
const SESSION_KEY = 'emotune.session';

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
  /** Songs the listener queued (Play next, Add to queue): played before the mood playlist goes on. */
  upNext = $state<Song[]>([]);
  shuffle = $state(false);
  repeat = $state<RepeatMode>('off');
  /** The levelling gain of the current song, in dB (0: none). */
  gainDb = $state(0);
  /** The id of the song loaded ahead (gapless), shown on the player bar for checks. */
  preloadedSongId = $state<number | null>(null);
  /** Why the current song waits: the app is not running (browser mode), so nothing can load until it is back. */
  offline = $state(false);
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
  /** Playlist songs already played while shuffling (reset when the playlist changes or runs out). */
  // Bookkeeping only, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #shuffled = new Set<number>();
  /** Where a restored song should start (applied once it has loaded). */
  #resumeAt: number | null = null;
  /** The next song, loaded ahead near the end of the current one (gapless). */
  #preloaded: { song: Song; sound: SoundSession; loaded: boolean; durationSec: number } | null = null;
  /** Shuffle's next pick, made when it was preloaded. */
  #plannedShuffle: Song | null = null;

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
    this.#restore();
  }

  /** The last session's song (paused where it was), queue, shuffle and repeat, from this page's storage. */
  #restore(): void {
    let session: Partial<SavedSession> | null;
    try {
      session = JSON.parse(this.#storage?.getItem(SESSION_KEY) ?? 'null') as Partial<SavedSession> | null;
    } catch {
      return;
    }
    if (session && typeof session === 'object') this.#apply(session);
  }

  /**
   * Takes up a saved session (the app's, at start): its song loaded and paused where it was, its queue,
   * shuffle and repeat. Nothing changes if the listener has already started something.
   */
  restoreSession(session: Partial<SavedSession>): void {
    if (this.current && this.#started) return;
    this.#apply(session);
  }

  /**
   * The app's saved session, taken once per page (at its start): a later reload of the stores (after a
   * reconnect) must not replace what the listener is doing meanwhile.
   */
  restoreAppSession(session: Partial<SavedSession> | null): void {
    if (this.#appSessionTaken) return;
    this.#appSessionTaken = true; // taken even when there is none: a later one is this page's own
    if (session) this.restoreSession(session);
  }

  #appSessionTaken = false;

  #apply(session: Partial<SavedSession>): void {
    if (Array.isArray(session.upNext)) this.upNext = session.upNext.filter((s) => s && typeof s.id === 'number');
    if (typeof session.shuffle === 'boolean') this.shuffle = session.shuffle;
    if (session.repeat === 'all' || session.repeat === 'one' || session.repeat === 'off') this.repeat = session.repeat;
    const current = session.current;
    if (current && typeof current.id === 'number') {
      this.#resumeAt = typeof session.positionSec === 'number' && session.positionSec > 0 ? session.positionSec : null;
      const at = this.#resumeAt ?? 0;
      this.#load(current, false);
      this.positionSec = at;
    }
  }

  /** Saves what a restart restores (called as it changes; the position every few seconds while playing). */
  #save(): void {
    const session: SavedSession = {
      current: this.current,
      positionSec: Math.round(this.positionSec),
      upNext: this.upNext,
      shuffle: this.shuffle,
      repeat: this.repeat,
    };
    try {
      this.#storage?.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      // Storage full or blocked: the session is just not restored from here.
    }
    this.#options.saveSession?.({
      currentId: session.current?.id ?? null,
      positionSec: Math.max(0, session.positionSec),
      upNextIds: session.upNext.map((s) => s.id).slice(0, 1000),
      shuffle: session.shuffle,
      repeat: session.repeat,
    });
  }

  /** The cover image URL of the song with this id (which has one). */
  coverById(songId: number): string {
    return this.#urls.cover(songId);
  }

  /** The cover image URL of a song, or null when it has none. */
  coverOf(song: Song): string | null {
    return song.hasCover ? this.#urls.cover(song.id) : null;
  }

  /** Where in the playlist the music is: the current song's place, or (while a queued song plays) the last one's. */
  #lastPlaylistIndex = -1;
  readonly #index = $derived.by(() => {
    const here = this.current ? this.queue.findIndex((s) => s.id === this.current?.id) : -1;
    return here >= 0 ? here : this.#lastPlaylistIndex;
  });
  readonly hasNext = $derived(this.upNext.length > 0 || (this.queue.length > 0 && this.#index < this.queue.length - 1));

  setQueue(songs: Song[]): void {
    this.queue = songs;
    this.#shuffled.clear();
    this.#plannedShuffle = null;
    this.#dropPreload();
    this.#lastPlaylistIndex = this.current ? songs.findIndex((s) => s.id === this.current?.id) : -1;
  }

  /** The preloaded song is not the next one any more (the queue or the order changed). */
  #dropPreload(): void {
    this.#preloaded?.sound.unload();
    this.#setPreloaded(null);
  }

  #setPreloaded(preloaded: { song: Song; sound: SoundSession; loaded: boolean; durationSec: number } | null): void {
    this.#preloaded = preloaded;
    this.preloadedSongId = preloaded?.song.id ?? null;
  }

  /** Plays `song` right after the current one. */
  playNext(song: Song): void {
    this.#dropPreload();
    this.upNext = [song, ...this.upNext.filter((s) => s.id !== song.id)];
    this.#save();
  }

  /** Adds `song` at the end of the queue. */
  addToQueue(song: Song): void {
    this.#dropPreload();
    this.upNext = [...this.upNext.filter((s) => s.id !== song.id), song];
    this.#save();
  }

  removeFromQueue(index: number): void {
    this.#dropPreload();
    this.upNext = this.upNext.filter((_, i) => i !== index);
    this.#save();
  }

  /** Moves a queued song from one place to another (reorder). */
  moveInQueue(from: number, to: number): void {
    if (from === to || from < 0 || to < 0 || from >= this.upNext.length || to >= this.upNext.length) return;
    this.#dropPreload();
    const list = [...this.upNext];
    const [moved] = list.splice(from, 1);
    list.splice(to, 0, moved as Song);
    this.upNext = list;
    this.#save();
  }

  clearQueue(): void {
    this.#dropPreload();
    this.upNext = [];
    this.#save();
  }

  toggleShuffle(): void {
    this.shuffle = !this.shuffle;
    this.#shuffled.clear();
    this.#plannedShuffle = null;
    this.#dropPreload();
    this.#save();
  }

  /** Off → all → one → off. */
  cycleRepeat(): void {
    this.#dropPreload();
    this.repeat = this.repeat === 'off' ? 'all' : this.repeat === 'all' ? 'one' : 'off';
    this.#save();
  }

  /** The app is reachable again: a song that could not load because it was not gets another try. */
  reconnected(): void {
    if (!this.offline || !this.current) return;
    this.offline = false;
    this.#resumeAt = this.positionSec > 0 ? this.positionSec : null;
    this.#load(this.current, true);
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

  /**
   * The next song: what the listener queued first, then the playlist in order (or at random, with shuffle); at
   * the end, the playlist again (repeat all) or a fresh one for the mood.
   */
  next(): void {
    const queued = this.upNext[0];
    if (queued) {
      this.upNext = this.upNext.slice(1);
      this.#load(queued, true);
      return;
    }
    const planned = this.#plannedShuffle;
    this.#plannedShuffle = null;
    const next = this.shuffle ? (planned ?? this.#randomUnplayed()) : this.queue[this.#index + 1];
    if (next) this.#load(next, true);
    else if (this.repeat === 'all' && this.queue.length > 0) {
      this.#shuffled.clear();
      const first = this.shuffle ? this.#randomUnplayed() : this.queue[0];
      if (first) this.#load(first, true);
    } else if (this.current) void this.#continueAfter(this.current);
  }

  #randomUnplayed(): Song | undefined {
    if (this.current) this.#shuffled.add(this.current.id);
    const left = this.queue.filter((s) => !this.#shuffled.has(s.id));
    if (left.length === 0) return undefined;
    const random = this.#options.random ?? Math.random;
    return left[Math.floor(random() * left.length)];
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
    this.#sound?.volume(this.#elementVolume());
  }

  setVolume(volume: number): void {
    this.volume = Math.max(0, Math.min(1, volume));
    this.muted = false;
    this.#sound?.volume(this.#elementVolume());
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
    this.#dropPreload();
  }

  #load(song: Song, autoplay: boolean): void {
    this.#loads += 1;
    if (this.current && this.#started && this.positionSec < SKIP_WITHIN_SEC) this.#reportLeft(this.current, 'skipped');
    this.#started = false;
    this.#reported = false;
    this.#sound?.unload();
    this.#sound = null;
    this.#stopTimer();
    this.#cancelSkip();
    this.current = song;
    const inPlaylist = this.queue.findIndex((s) => s.id === song.id);
    if (inPlaylist >= 0) this.#lastPlaylistIndex = inPlaylist;
    this.positionSec = 0;
    this.durationSec = song.durationSec ?? 0;
    this.playing = false;
    this.error = null;
    this.offline = false;
    this.gainDb = levellingGainDb(song.features?.loudnessLufs, this.#options.levelling?.() ?? true);
    const resumeAt = this.#resumeAt;
    this.#resumeAt = null;
    // The next song was loaded ahead while this one played (gapless): it starts at once.
    const preloaded = this.#preloaded?.song.id === song.id && resumeAt === null ? this.#preloaded : null;
    if (this.#preloaded && !preloaded) this.#preloaded.sound.unload();
    this.#setPreloaded(null);
    const sound = preloaded?.sound ?? this.#createSound(song, resumeAt);
    this.loading = !preloaded?.loaded;
    if (preloaded?.loaded && preloaded.durationSec > 0) this.durationSec = preloaded.durationSec;
    this.#sound = sound;
    sound.volume(this.#elementVolume());
    sound.boost(dbToLinear(Math.max(0, this.gainDb)));
    if (autoplay) sound.play();
    this.#save();
  }

  /** A song's sound, with its events; only the current sound's events move the player (a preloaded one waits). */
  #createSound(song: Song, resumeAt: number | null): SoundSession {
    const current = (): boolean => this.#sound === sound;
    const sound: SoundSession = new SoundSession(
      { src: this.#urls.media(song.id), format: formatOf(song), volume: this.#elementVolume() },
      {
        onload: (durationSec) => {
          if (this.#preloaded?.sound === sound) {
            this.#preloaded.loaded = true;
            this.#preloaded.durationSec = durationSec;
          }
          if (!current()) return;
          this.loading = false;
          if (durationSec > 0) this.durationSec = durationSec;
          if (resumeAt !== null) {
            sound.seek(resumeAt);
            this.positionSec = resumeAt;
          }
        },
        onplay: () => {
          if (!current()) return;
          this.loading = false;
          this.playing = true;
          this.#started = true;
          this.#startTimer();
        },
        onpause: () => {
          if (!current()) return;
          this.playing = false;
          this.#stopTimer();
          this.#save();
        },
        onend: () => {
          if (!current()) return;
          this.playing = false;
          this.#stopTimer();
          this.#reportLeft(song, 'played');
          if (this.repeat === 'one') {
            this.#load(song, true);
            return;
          }
          this.next();
        },
        onloaderror: (message) => {
          if (this.#preloaded?.sound === sound) {
            this.#setPreloaded(null); // it fails again, with the reason, if it is reached
            return;
          }
          if (!current()) return;
          this.#fail(song, message);
          if (!this.offline) this.#skipLater(song);
        },
        // Not skipped: a play error is mostly the browser's autoplay policy, which the next song would meet too.
        onplayerror: (message) => current() && this.#fail(song, message),
      },
      this.#options.createSound,
    );
    return sound;
  }

  /**
   * The song that Next would play now, without moving anything: what is queued, else the playlist's next (the
   * shuffle's pick is made here and kept, so the preloaded song is the one that plays).
   */
  #upcoming(): Song | null {
    if (this.upNext[0]) return this.upNext[0];
    if (this.shuffle) {
      this.#plannedShuffle ??= this.#randomUnplayed() ?? null;
      return this.#plannedShuffle;
    }
    return this.queue[this.#index + 1] ?? (this.repeat === 'all' ? (this.queue[0] ?? null) : null);
  }

  /** Near the end of a song (PRELOAD_SEC), the next one is loaded, so it starts without a gap. */
  #preloadIfNear(): void {
    if (this.#preloaded || !this.playing || this.repeat === 'one' || this.durationSec <= 0) return;
    if (this.durationSec - this.positionSec > PRELOAD_SEC) return;
    const next = this.#upcoming();
    if (!next || next.id === this.current?.id) return;
    this.#setPreloaded({ song: next, sound: this.#createSound(next, null), loaded: false, durationSec: 0 });
  }

  /** The media element's volume: the listener's, times the levelling cut (a boost goes through Web Audio). */
  #elementVolume(): number {
    return this.outputVolume * dbToLinear(Math.min(0, this.gainDb));
  }

  /** Levelling turned on or off: the current song's gain follows at once. */
  relevel(): void {
    if (!this.current) return;
    this.gainDb = levellingGainDb(this.current.features?.loudnessLufs, this.#options.levelling?.() ?? true);
    this.#sound?.boost(dbToLinear(Math.max(0, this.gainDb)));
    this.#sound?.volume(this.#elementVolume());
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
    if (this.#options.connected && !this.#options.connected()) {
      // Not the file's fault: the app is not running. Said so; the song is tried again when it is back.
      this.offline = true;
      this.error = `Emotune is not running, so “${song.title}” cannot play. Start it again; the music goes on when it is back.`;
      return;
    }
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
    let ticks = 0;
    this.#timer = setInterval(() => {
      const position = this.#sound?.position();
      if (typeof position === 'number') this.positionSec = position;
      this.#preloadIfNear();
      // Every 5 s, where a restart would resume.
      if (++ticks % 20 === 0) this.#save();
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
