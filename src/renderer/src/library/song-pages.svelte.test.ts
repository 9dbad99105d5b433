import { describe, expect, it } from 'vitest';
import type { Song } from '../../../shared/api/index.ts';
import { PAGE_SIZE, SongPages } from './song-pages.svelte.ts';

const song = (id: number): Song =>
  ({ id, title: `Song ${id}`, artist: null, album: null, genre: null, durationSec: 60, emotions: [], features: null, analysisError: null }) as unknown as Song;

/** A library of `size` songs behind a fetch that records its calls and can be held back. */
function library(size: number) {
  const calls: number[] = [];
  let held: (() => void)[] | null = null;
  const fetchPage = async (offset: number, limit: number) => {
    calls.push(offset);
    if (held) await new Promise<void>((resolve) => held?.push(resolve));
    return { songs: Array.from({ length: Math.max(0, Math.min(limit, size - offset)) }, (_, i) => song(offset + i + 1)), total: size };
  };
  return {
    calls,
    fetchPage,
    hold: () => (held = []),
    release: () => {
      const waiting = held ?? [];
      held = null;
      waiting.forEach((resolve) => resolve());
    },
    resize: (n: number) => (size = n),
  };
}

describe('SongPages', () => {
  it('fetches only the pages of the rows on screen, once each', async () => {
    const lib = library(100_000);
    const pages = new SongPages(lib.fetchPage);
    await pages.reload(0, 40);
    expect(pages.total).toBe(100_000);
    expect(lib.calls).toEqual([0]);
    expect(pages.song(0)?.id).toBe(1);
    expect(pages.song(PAGE_SIZE)).toBeNull();
    // Scrolled far down: the pages there, not those in between.
    await pages.ensure(50_190, 50_230);
    expect(lib.calls).toEqual([0, 50_000, 50_200]);
    expect(pages.song(50_199)?.id).toBe(50_200);
    await pages.ensure(50_190, 50_230);
    expect(lib.calls).toHaveLength(3);
  });

  it('does not fetch a page twice while it is on its way, nor past the end', async () => {
    const lib = library(250);
    const pages = new SongPages(lib.fetchPage);
    await pages.reload(0, 10);
    lib.hold();
    const a = pages.ensure(200, 260);
    const b = pages.ensure(210, 300);
    lib.release();
    await Promise.all([a, b]);
    expect(lib.calls).toEqual([0, 200]);
    expect(pages.song(249)?.id).toBe(250);
    expect(pages.song(250)).toBeNull();
  });

  it('on a reload, swaps in the fresh pages at once and drops the replies of an earlier one', async () => {
    const lib = library(1000);
    const pages = new SongPages(lib.fetchPage);
    await pages.reload(0, 10);
    await pages.ensure(400, 420);
    lib.hold();
    lib.resize(500);
    const first = pages.reload(400, 420);
    // Until it lands, the old rows stay on screen.
    expect(pages.song(0)?.id).toBe(1);
    lib.resize(300);
    const second = pages.reload(0, 10);
    lib.release();
    await Promise.all([first, second]);
    expect(pages.total).toBe(300);
    expect(pages.song(0)?.id).toBe(1);
    expect(pages.song(400)).toBeNull(); // the earlier reload's page was dropped
  });

  it('puts a changed song in place', async () => {
    const pages = new SongPages(library(10).fetchPage);
    await pages.reload(0, 10);
    pages.update({ ...song(3), emotions: ['happy'] } as Song);
    expect(pages.song(2)?.emotions).toEqual(['happy']);
  });
});
