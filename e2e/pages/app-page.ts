import { expect, type Locator, type Page } from '@playwright/test';

/** Every selector of the main screen lives here (STYLE §9). */
export class AppPage {
  readonly page: Page;
  readonly camera: Locator;
  readonly moodLabel: Locator;
  readonly moodConfidence: Locator;
  readonly moodSource: Locator;
  readonly probabilities: Locator;
  readonly playlist: Locator;
  readonly playlistSongs: Locator;
  readonly playlistBasis: Locator;
  readonly library: Locator;
  readonly player: Locator;

  constructor(page: Page) {
    this.page = page;
    this.camera = page.getByTestId('camera');
    this.moodLabel = page.getByTestId('mood-label');
    this.moodConfidence = page.getByTestId('mood-detail');
    this.moodSource = page.getByTestId('mood-detail');
    this.probabilities = page.getByTestId('probabilities');
    this.playlist = page.getByTestId('playlist');
    this.playlistSongs = page.getByTestId('playlist-songs').locator('li');
    this.playlistBasis = page.getByTestId('playlist-basis');
    this.library = page.getByTestId('library');
    this.player = page.getByTestId('player');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Emotune' })).toBeVisible();
  }

  /** The banner that says the page could not load the app's state. */
  loadError(): Locator {
    return this.page.getByTestId('load-error');
  }

  cameraPreview(): Locator {
    return this.page.getByTestId('camera-preview');
  }

  cameraProblem(): Locator {
    return this.page.getByTestId('camera-problem');
  }

  async importFolder(folder: string): Promise<void> {
    await this.page.getByLabel('Import a music folder').fill(folder);
    await this.library.getByRole('button', { name: 'Import', exact: true }).click();
  }

  importSummary(): Locator {
    return this.page.getByTestId('import-summary');
  }

  importErrors(): Locator {
    return this.page.getByTestId('import-errors');
  }

  /** The button an empty library shows to import the user's music folder, and the folder field's hint. */
  importSuggestedButton(): Locator {
    return this.page.getByTestId('import-suggested');
  }

  importFolderField(): Locator {
    return this.page.getByLabel('Import a music folder');
  }

  /** The library table (its `data-total` is the number of songs it scrolls through) and its drawn song rows. */
  libraryTable(): Locator {
    return this.page.getByTestId('library-songs');
  }

  libraryRowsDrawn(): Locator {
    return this.libraryTable().locator('tbody tr[data-song-id]');
  }

  /** The drawn row of the n-th song (1-based) of the whole library, in the table's order. */
  libraryRowAt(n: number): Locator {
    return this.libraryTable().locator(`tbody tr[aria-rowindex="${n + 1}"][data-song-id]`);
  }

  async scrollPageTo(fraction: number): Promise<void> {
    await this.page.evaluate((f) => window.scrollTo(0, document.documentElement.scrollHeight * f), fraction);
  }

  /** "93 % match" beside the playlist's songs picked by their sound. */
  playlistMatches(): Locator {
    return this.page.getByTestId('song-match');
  }

  moodTimelineBars(): Locator {
    return this.page.getByTestId('mood-timeline').locator('rect');
  }

  /** The settings dialog's model chooser, the chosen model's measured figures, and its confusion matrix. */
  settingsModel(): Locator {
    return this.page.getByTestId('settings-model');
  }

  modelFacts(): Locator {
    return this.page.getByTestId('model-facts');
  }

  /** Opens the chosen model's confusion matrix: its rows (true moods), and a cell by row and column (0-based, FER-2013 order). */
  async openConfusionMatrix(): Promise<{ rows: Locator; cell(truth: number, predicted: number): Locator }> {
    await this.modelFacts().getByText('Which moods it confuses').click();
    const rows = this.modelFacts().getByTestId('confusion-matrix').locator('tbody tr');
    return { rows, cell: (truth, predicted) => rows.nth(truth).locator('td').nth(predicted) };
  }

  librarySongRow(title: string): Locator {
    return this.page.getByTestId('library-songs').locator('tr', { has: this.page.getByRole('button', { name: title, exact: true }) });
  }

  async assignMood(title: string, emotion: string): Promise<void> {
    const chip = this.librarySongRow(title).locator(`button[data-emotion="${emotion}"]`);
    await chip.click();
    await expect(chip).toHaveAttribute('aria-pressed', 'true');
  }

  async overrideMood(label: string): Promise<void> {
    await this.page.getByTestId('override').getByRole('button', { name: label }).click();
  }

  /**
   * Presses a mood button in the page and returns how long, in ms, until the mood label shows it: the UI's
   * own latency, free of the test runner's polling intervals.
   */
  async overrideMoodTimed(label: string): Promise<number> {
    return this.page.evaluate(async (wanted) => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="override"] button')].find(
        (b) => b.textContent?.trim().endsWith(wanted),
      );
      const target = document.querySelector('[data-testid="mood-label"]');
      if (!button || !target) throw new Error(`no ${wanted} button or mood label`);
      const started = performance.now();
      const shows = (): boolean => document.querySelector('[data-testid="mood-label"]')?.textContent?.trim() === wanted;
      button.click();
      await new Promise<void>((resolve) => {
        if (shows()) return resolve();
        const observer = new MutationObserver(() => {
          if (shows()) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(document.body, { childList: true, characterData: true, subtree: true });
      });
      return performance.now() - started;
    }, label);
  }

  /** The row of a playlist song, by its title. */
  playlistRow(title: string): Locator {
    return this.playlistSongs.filter({ has: this.page.locator('.title', { hasText: title }) });
  }

  /** Why each playlist song was picked, in list order. */
  async playlistReasons(): Promise<string[]> {
    return this.playlistSongs.getByTestId('song-why').allTextContents();
  }

  async playlistTitles(): Promise<string[]> {
    return this.playlistSongs.locator('.title').allTextContents();
  }

  async playPlaylistSong(index: number): Promise<string> {
    const title = (await this.playlistSongs.nth(index).locator('.title').textContent()) ?? '';
    await this.playlistSongs.nth(index).getByRole('button', { name: /^Play / }).click();
    return title;
  }

  async sortLibraryBy(column: string): Promise<void> {
    await this.page.getByTestId('library-songs').getByRole('button', { name: new RegExp(`^${column}`) }).click();
  }

  /** The library table's row of a song, by its title. */
  libraryRow(title: string): Locator {
    return this.page.getByTestId('library-songs').locator('tbody tr[data-song-id]').filter({ has: this.page.locator('td:first-child', { hasText: title }) });
  }

  async libraryTitles(): Promise<string[]> {
    return this.page.getByTestId('library-songs').locator('tbody tr[data-song-id] td:first-child').allTextContents();
  }

  async importCsv(file: string, list: string | null): Promise<void> {
    const form = this.page.getByTestId('csv-import');
    await form.locator('summary').click();
    await form.getByLabel('CSV file').fill(file);
    if (list) await form.getByLabel('What the CSV is').selectOption(list);
    await form.getByRole('button', { name: 'Import CSV' }).click();
  }

  csvSummary(): Locator {
    return this.page.getByTestId('csv-summary');
  }

  async rescanFolders(): Promise<void> {
    const folders = this.page.getByTestId('folders');
    await folders.locator('summary').click();
    await folders.getByRole('button', { name: 'Rescan all' }).click();
  }

  nowPlaying(): Locator {
    return this.page.getByTestId('now-playing');
  }

  position(): Locator {
    return this.page.getByTestId('position');
  }

  playPause(): Locator {
    return this.page.getByTestId('play-pause');
  }

  /** The up-next queue's song titles, in order. */
  async queueTitles(): Promise<string[]> {
    return this.page.getByTestId('queue').locator('li .title').allTextContents();
  }

  queue(): Locator {
    return this.page.getByTestId('queue');
  }

  async playNext(title: string): Promise<void> {
    await this.librarySongRow(title).getByTestId('play-next').click();
  }

  async addToQueue(title: string): Promise<void> {
    await this.librarySongRow(title).getByTestId('add-to-queue').click();
  }

  shuffleButton(): Locator {
    return this.page.getByTestId('shuffle');
  }

  repeatButton(): Locator {
    return this.page.getByTestId('repeat');
  }

  /** The levelling gain the player applies to the song playing ("+6.0 dB"). */
  level(): Locator {
    return this.page.getByTestId('level');
  }

  /** Plays a library song by clicking its title. */
  async playFromLibrary(title: string): Promise<void> {
    await this.librarySongRow(title).getByRole('button', { name: title, exact: true }).click();
  }

  playerBar(): Locator {
    return this.page.getByTestId('player');
  }

  welcome(): Locator {
    return this.page.getByTestId('welcome');
  }

  importForm(): Locator {
    return this.page.getByTestId('import-form');
  }
}

/** "1:23" → 83. */
export function seconds(text: string | null): number {
  const [m = '0', s = '0'] = (text ?? '0:00').split(':');
  return Number(m) * 60 + Number(s);
}
