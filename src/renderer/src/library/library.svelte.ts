import type {
  AnalysisSummary,
  ApiClient,
  CsvImportSummary,
  JobFinished,
  ImportError,
  ImportSummary,
  JobProgress,
  MethodOutput,
  Song,
  SongSort,
} from '../../../shared/api/index.ts';
import type { Emotion } from '../../../shared/emotion.ts';
import { PAGE_SIZE, SongPages } from './song-pages.svelte.ts';

/** How many finished jobs are remembered for a start call whose reply arrives after the job's end. */
const RECENT_JOBS = 32;

export interface ImportState {
  jobId: string;
  folder: string;
  progress: JobProgress | null;
}

/** The music library: songs (searchable, a page at a time), the running import with its progress, and import errors. */
export class LibraryStore {
  /** The songs matching the search, in the chosen order, fetched around the rows on screen. */
  readonly pages: SongPages;
  query = $state('');
  importing = $state<ImportState | null>(null);
  lastSummary = $state<ImportSummary | null>(null);
  lastOutcome = $state<'done' | 'cancelled' | 'failed' | null>(null);
  errors = $state<ImportError[]>([]);
  error = $state<string | null>(null);
  canPickFolder = $state(false);
  /** The user's music folder, offered while the library has none. */
  suggestedFolder = $state<string | null>(null);
  sort = $state<SongSort>('artist');
  descending = $state(false);
  stats = $state<MethodOutput<'library.getStats'> | null>(null);
  /** The running analysis, whoever started it (an import starts one by itself). */
  analyzing = $state<{ jobId: string; progress: JobProgress | null } | null>(null);
  lastAnalysis = $state<AnalysisSummary | null>(null);
  csvImporting = $state<{ jobId: string; progress: JobProgress | null } | null>(null);
  lastCsv = $state<CsvImportSummary | null>(null);
  csvError = $state<string | null>(null);
  folders = $state<MethodOutput<'library.listFolders'>['folders']>([]);
  /** Songs or albums (the album view: a cover per album). */
  view = $state<'songs' | 'albums'>('songs');
  albums = $state<MethodOutput<'library.listAlbums'>['albums']>([]);
  albumTotal = $state(0);
  watching = $state(false);
  readonly #client: ApiClient;
  /**
   * Jobs that finished lately, by id. A start call's reply (HTTP or IPC) and the job's events travel on
   * different channels, so a short job (a three-line CSV) can finish before the reply with its id arrives;
   * the start call then finds its outcome here instead of waiting for an event that has already gone by.
   */
  // Bookkeeping only, never rendered: a plain Map, not a reactive one.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #recentlyFinished = new Map<string, JobFinished>();

  /** The rows the table shows (it says so as it scrolls), which a reload fetches first. */
  #visible = { start: 0, end: PAGE_SIZE };
  /** When the table was last reloaded during an import: songs appear as they are read, every 2 s at most. */
  #reloadedDuringImportAt = 0;
  /** The clock (tests give one). */
  readonly #now: () => number;

  constructor(client: ApiClient, now: () => number = () => Date.now()) {
    this.#client = client;
    this.#now = now;
    this.pages = new SongPages((offset, limit) =>
      this.#client.api['library.listSongs']({ query: this.query, sort: this.sort, descending: this.descending, limit, offset }),
    );
  }

  /** How many songs match the search (all of them without one). */
  get total(): number {
    return this.pages.total;
  }

  /** The table shows rows [start, end): their songs are fetched if they are not here. */
  showRows(start: number, end: number): void {
    this.#visible = { start, end };
    this.pages.ensure(start, end).catch((error: unknown) => (this.error = (error as Error).message));
  }

  start(): () => void {
    const offs = [
      this.#client.subscribe('job.progressed', (progress) => {
        // Imports the main side starts itself (a watched folder changed) show up by their kind.
        if (progress.kind === 'library.import' && !this.importing) this.importing = { jobId: progress.jobId, folder: '', progress };
        if (this.importing && progress.jobId === this.importing.jobId) this.importing.progress = progress;
        // The songs read so far are in the library (and may already play): the table shows them as they come.
        if (progress.kind === 'library.import' && progress.phase === 'reading tags' && this.#now() - this.#reloadedDuringImportAt > 2000) {
          this.#reloadedDuringImportAt = this.#now();
          void this.pages.reload(this.#visible.start, this.#visible.end).catch(() => {});
        }
        if (progress.kind === 'library.analyze') this.analyzing = { jobId: progress.jobId, progress };
        if (this.csvImporting && progress.jobId === this.csvImporting.jobId) this.csvImporting.progress = progress;
      }),
      this.#client.subscribe('job.finished', (finished) => {
        this.#recentlyFinished.set(finished.jobId, finished);
        const oldest = this.#recentlyFinished.keys().next();
        if (this.#recentlyFinished.size > RECENT_JOBS && !oldest.done) this.#recentlyFinished.delete(oldest.value);
        this.#onFinished(finished);
      }),
      this.#client.subscribe('library.changed', () => void this.refresh()),
    ];
    return () => offs.forEach((off) => off());
  }

  #onFinished(finished: JobFinished): void {
    if (this.csvImporting && finished.jobId === this.csvImporting.jobId) {
      this.csvImporting = null;
      this.lastCsv = finished.summary && 'rows' in finished.summary ? finished.summary : null;
      this.csvError = finished.error?.message ?? null;
      void this.refresh();
      return;
    }
    if (finished.kind === 'library.analyze') {
      this.analyzing = null;
      this.lastAnalysis = finished.summary && 'analyzed' in finished.summary ? finished.summary : null;
      return;
    }
    if (!this.importing || finished.jobId !== this.importing.jobId) return;
    this.importing = null;
    this.lastOutcome = finished.status;
    this.lastSummary = finished.summary && 'found' in finished.summary ? finished.summary : null;
    this.error = finished.error?.message ?? null;
    void this.refresh();
  }

  /** Applies the outcome of a job that ended before its start call's reply came back. */
  #settleIfFinished(jobId: string): void {
    const finished = this.#recentlyFinished.get(jobId);
    if (finished) this.#onFinished(finished);
  }

  async refresh(): Promise<void> {
    const [, errors, stats, folders] = await Promise.all([
      this.pages.reload(this.#visible.start, this.#visible.end),
      this.#client.api['library.listImportErrors']({}),
      this.#client.api['library.getStats']({}),
      this.#client.api['library.listFolders']({}),
    ]);
    this.errors = errors.errors;
    this.stats = stats;
    this.folders = folders.folders;
    this.watching = folders.watching;
    if (this.view === 'albums') await this.#loadAlbums();
  }

  async showView(view: 'songs' | 'albums'): Promise<void> {
    this.view = view;
    if (view === 'albums') await this.#loadAlbums();
  }

  async #loadAlbums(): Promise<void> {
    const { albums, total } = await this.#client.api['library.listAlbums']({ query: this.query, limit: 500 });
    this.albums = albums;
    this.albumTotal = total;
  }

  /** Sorts by a column; the same column again flips the direction. */
  async sortBy(sort: SongSort): Promise<void> {
    this.descending = this.sort === sort ? !this.descending : ['energy', 'valence', 'tempo', 'added'].includes(sort);
    this.sort = sort;
    await this.refresh();
  }

  async analyze(): Promise<void> {
    try {
      const { jobId } = await this.#client.api['library.analyze']({});
      this.analyzing ??= { jobId, progress: null };
      this.error = null;
      this.#settleIfFinished(jobId);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async cancelAnalysis(): Promise<void> {
    if (this.analyzing) await this.#client.api['jobs.cancel']({ jobId: this.analyzing.jobId });
  }

  async search(query: string): Promise<void> {
    this.query = query;
    await this.refresh();
  }

  /** Where a dropped file or folder lies, where the shell can say (Electron); null in a browser. */
  pathForDropped(file: File): string | null {
    const bridge = (globalThis as { emotune?: { pathForFile?: (f: File) => string } }).emotune;
    try {
      return bridge?.pathForFile?.(file) || null;
    } catch {
      return null;
    }
  }

  async importFolder(folder: string): Promise<void> {
    const trimmed = folder.trim();
    if (!trimmed) {
      this.error = 'Type the path of a folder with music in it.';
      return;
    }
    try {
      const { jobId } = await this.#client.api['library.importFolder']({ folder: trimmed });
      this.importing = { jobId, folder: trimmed, progress: null };
      this.lastSummary = null;
      this.lastOutcome = null;
      this.error = null;
      this.#settleIfFinished(jobId);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async importCsv(file: string, list: Emotion | null): Promise<void> {
    if (!file.trim()) {
      this.csvError = 'Type the path of a CSV file.';
      return;
    }
    try {
      const { jobId } = await this.#client.api['library.importCsv']({ file: file.trim(), list });
      this.csvImporting = { jobId, progress: null };
      this.lastCsv = null;
      this.csvError = null;
      this.#settleIfFinished(jobId);
    } catch (error) {
      this.csvError = (error as Error).message;
    }
  }

  async pickFolder(): Promise<string | null> {
    const { folder } = await this.#client.api['library.pickFolder']({});
    return folder;
  }

  /** Imports every library folder again (new and changed files only). */
  async rescan(): Promise<void> {
    try {
      const { jobId } = await this.#client.api['library.rescan']({});
      this.importing = { jobId, folder: `${this.folders.length} folders`, progress: null };
      this.error = null;
      this.#settleIfFinished(jobId);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async removeFolder(folder: string): Promise<void> {
    try {
      await this.#client.api['library.removeFolder']({ folder });
      this.error = null;
      await this.refresh();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async setWatching(enabled: boolean): Promise<void> {
    this.watching = (await this.#client.api['library.setWatching']({ enabled })).watching;
  }

  async cancelImport(): Promise<void> {
    if (this.importing) await this.#client.api['jobs.cancel']({ jobId: this.importing.jobId });
  }

  async assign(song: Song, emotion: Emotion, assigned: boolean): Promise<void> {
    try {
      const updated = await this.#client.api['library.assignEmotion']({ songId: song.id, emotion, assigned });
      this.pages.update(updated);
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
