import { SvelteMap } from 'svelte/reactivity';
import type { Song } from '../../../shared/api/index.ts';

export const PAGE_SIZE = 200;

export type FetchPage = (offset: number, limit: number) => Promise<{ songs: Song[]; total: number }>;

/**
 * The library's songs for a scrolling table, a page at a time: only the pages around what is on screen are
 * fetched, so a library of 100,000 songs scrolls as one list without loading it whole. A reload (another
 * search or sort, or the library changed) fetches the pages on screen afresh and swaps them in at once, so
 * the table never flashes empty; replies of an earlier reload are dropped.
 */
export class SongPages {
  total = $state(0);
  /** Loaded pages by number; reactive, so the table re-renders the rows of a page when it arrives. */
  readonly #pages = new SvelteMap<number, Song[]>();
  readonly #fetchPage: FetchPage;
  // Bookkeeping only, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #inFlight = new Set<number>();
  #generation = 0;

  constructor(fetchPage: FetchPage) {
    this.#fetchPage = fetchPage;
  }

  /** The song at a row, or null while its page is not here yet. */
  song(index: number): Song | null {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null;
  }

  /** Fetches the pages of rows [start, end) that are not here or on their way. */
  async ensure(start: number, end: number): Promise<void> {
    const generation = this.#generation;
    const wanted = pagesOf(start, Math.min(end, this.total)).filter((p) => !this.#pages.has(p) && !this.#inFlight.has(p));
    await Promise.all(
      wanted.map(async (page) => {
        this.#inFlight.add(page);
        try {
          const { songs, total } = await this.#fetchPage(page * PAGE_SIZE, PAGE_SIZE);
          if (generation !== this.#generation) return;
          this.total = total;
          this.#pages.set(page, songs);
        } finally {
          this.#inFlight.delete(page);
        }
      }),
    );
  }

  /** Fetches the pages of rows [start, end) (at least the first) afresh and replaces everything with them. */
  async reload(start: number, end: number): Promise<void> {
    const generation = ++this.#generation;
    this.#inFlight.clear();
    const pages = pagesOf(start, Math.max(end, start + 1));
    const replies = await Promise.all(pages.map((page) => this.#fetchPage(page * PAGE_SIZE, PAGE_SIZE)));
    if (generation !== this.#generation) return;
    // Swapped in one synchronous step: the table re-renders once, with the new rows.
    this.#pages.clear();
    pages.forEach((page, i) => this.#pages.set(page, replies[i]?.songs ?? []));
    this.total = replies.at(-1)?.total ?? 0;
  }

  /** Puts a changed song (an emotion assigned) in place, wherever it is loaded. */
  update(song: Song): void {
    for (const [page, songs] of this.#pages) {
      if (songs.some((s) => s.id === song.id)) this.#pages.set(page, songs.map((s) => (s.id === song.id ? song : s)));
    }
  }
}

function pagesOf(start: number, end: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE); page * PAGE_SIZE < end; page += 1) pages.push(page);
  return pages;
}
