import type { HowlOptions } from 'howler';
import { describe, expect, it } from 'vitest';
import { SoundSession, type SessionEvents, type Sound } from './sound-session.ts';

/**
 * A sound with Howler's HTML5 play lock: play() starts a play that completes when the test says (the browser's
 * play promise), and any seek, position read or pause while it is pending fails the test, since that is what
 * makes Howler queue actions that replay forever (or, for a pause or a volume change, never run).
 */
function lockingSound() {
  const calls: string[] = [];
  let options: HowlOptions;
  let locked = false;
  let playing = false;
  let position = 0;
  const refuseWhileLocked = (what: string) => {
    if (locked) throw new Error(`${what} while Howler's play lock is held`);
  };
  const sound = {
    play: (id?: number) => {
      refuseWhileLocked('play');
      calls.push(id === undefined ? 'play' : `play(${id})`);
      locked = true;
      return 7;
    },
    pause: (id: number) => {
      refuseWhileLocked('pause');
      calls.push(`pause(${id})`);
      playing = false;
      options.onpause?.(id);
    },
    playing: () => playing,
    seek: (...args: number[]) => {
      refuseWhileLocked(args.length > 1 ? 'seek' : 'a position read');
      if (args.length === 1) return position;
      calls.push(`seek(${args[0]}, ${args[1]})`);
      position = args[0]!;
      return sound;
    },
    volume: (volume: number) => {
      refuseWhileLocked('a volume change');
      calls.push(`volume(${volume})`);
      return sound;
    },
    unload: () => null,
    duration: () => 60,
  };
  return {
    calls,
    create: (o: HowlOptions) => ((options = o), sound as unknown as Sound),
    loaded: () => options.onload?.(7),
    started: () => {
      locked = false;
      playing = true;
      options.onplay?.(7);
    },
    advance: (seconds: number) => (position += seconds),
  };
}

function recorder(): SessionEvents & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    onload: (d) => log.push(`load ${d}`),
    onplay: () => log.push('play'),
    onpause: () => log.push('pause'),
    onend: () => log.push('end'),
    onloaderror: (m) => log.push(`loaderror ${m}`),
    onplayerror: (m) => log.push(`playerror ${m}`),
  };
}

describe('SoundSession', () => {
  it('holds seeks back while a play is starting and does only the latest one after', () => {
    const sound = lockingSound();
    const events = recorder();
    const session = new SoundSession({ src: '/media/1', format: 'mp3', volume: 1 }, events, sound.create);
    session.play();
    sound.loaded();
    // → pressed three times while the song starts: no Howler call, the shown position is the target.
    session.seek(10);
    session.seek(20);
    session.seek(30);
    expect(session.position()).toBe(30);
    sound.started();
    // Playing now: the one seek is a pause, a move and a play (whose start is pending again)...
    expect(sound.calls).toEqual(['play', 'pause(7)', 'seek(30, 7)', 'play(7)']);
    // ...and that pause is not the user's.
    expect(events.log).toEqual(['load 60', 'play']);
    expect(session.position()).toBeNull();
    session.seek(40);
    sound.started();
    expect(sound.calls.slice(4)).toEqual(['pause(7)', 'seek(40, 7)', 'play(7)']);
    sound.started();
    sound.advance(1.5);
    expect(session.position()).toBe(41.5);
    expect(session.playing).toBe(true);
  });

  it('seeks a paused sound at once, and keeps a seek made before the first play for it', () => {
    const sound = lockingSound();
    const session = new SoundSession({ src: '/media/1', format: 'mp3', volume: 1 }, recorder(), sound.create);
    sound.loaded();
    session.seek(12);
    expect(sound.calls).toEqual([]);
    session.play();
    sound.started();
    expect(sound.calls).toEqual(['play', 'pause(7)', 'seek(12, 7)', 'play(7)']);
    sound.started();
    session.pause();
    session.seek(5);
    expect(sound.calls.slice(4)).toEqual(['pause(7)', 'seek(5, 7)']);
    expect(session.position()).toBe(5);
  });

  it('holds a pause made while a play is starting and pauses once it has started (Space just after a seek)', () => {
    const sound = lockingSound();
    const events = recorder();
    const session = new SoundSession({ src: '/media/1', format: 'mp3', volume: 1 }, events, sound.create);
    session.play();
    sound.loaded();
    sound.started();
    session.seek(10); // pause, move, play again: that play is pending now
    session.pause();
    expect(sound.calls).toEqual(['play', 'pause(7)', 'seek(10, 7)', 'play(7)']);
    sound.started();
    expect(sound.calls.slice(4)).toEqual(['pause(7)']);
    expect(events.log).toEqual(['load 60', 'play', 'play', 'pause']);
    expect(session.playing).toBe(false);

    // Play pressed again before the start completes cancels a pending pause.
    session.play();
    session.pause();
    session.play();
    sound.started();
    expect(sound.calls.slice(5)).toEqual(['play(7)']);
    expect(session.playing).toBe(true);
  });

  it('holds a volume change made while a play is starting, the latest one, until it has started', () => {
    const sound = lockingSound();
    const session = new SoundSession({ src: '/media/1', format: 'mp3', volume: 1 }, recorder(), sound.create);
    sound.loaded();
    session.volume(0.5);
    session.play();
    session.volume(0); // M pressed as the song starts
    session.volume(0.3);
    expect(sound.calls).toEqual(['volume(0.5)', 'play']);
    sound.started();
    expect(sound.calls).toEqual(['volume(0.5)', 'play', 'volume(0.3)']);
    session.volume(0.4);
    expect(sound.calls.at(-1)).toBe('volume(0.4)');
  });

  it('holds a volume change made before the sound has loaded until it has (Howler would queue it ahead of the play, and stall)', () => {
    // Seen in the browser: a song tried again after the app came back loaded and never started.
    const sound = lockingSound();
    const session = new SoundSession({ src: '/media/1', format: 'mp3', volume: 1 }, recorder(), sound.create);
    session.volume(0.5);
    expect(sound.calls).toEqual([]);
    sound.loaded();
    expect(sound.calls).toEqual(['volume(0.5)']);
    session.volume(0.2);
    session.play();
    expect(sound.calls).toEqual(['volume(0.5)', 'volume(0.2)', 'play']);
  });
});
