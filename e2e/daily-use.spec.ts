import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { writeWav } from '../src/main/testing/audio-builders.ts';
import { AppPage, seconds } from './pages/app-page.ts';
import { buildMusicFolder, tempDir } from './support/builders.ts';
import { APP_ROOT, startEmotune, type RunningEmotune } from './support/emotune-server.ts';

// Issue 13: what a listener of a desktop player expects every day, each checked in Debian's Chromium. Needs
// nothing from ../shared (generated music, no camera), so it runs on a fresh clone too.

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A library of `count` short generated songs with numbered titles (Track 1 … Track n), and two of set loudness. */
function buildLibrary(dir: string, count: number): string {
  const music = buildMusicFolder(dir, { realTracks: false });
  mkdirSync(join(music, 'Numbered'), { recursive: true });
  for (let i = 1; i <= count; i += 1) {
    writeWav(join(music, 'Numbered', `track-${i}.wav`), { seconds: 3, frequencyHz: 200 + i * 7, amplitude: 0.1, tags: { title: `Track ${i}`, artist: 'Counting Band', album: 'Numbers' } });
  }
  // Two masters far apart in loudness (about -36 and -6 LUFS).
  writeWav(join(music, 'Generated', 'Whisper.wav'), { seconds: 20, frequencyHz: 440, amplitude: 0.02, tags: { title: 'Whisper', artist: 'Grey Skies', genre: 'Ambient' } });
  writeWav(join(music, 'Generated', 'Shout.wav'), { seconds: 20, frequencyHz: 440, amplitude: 0.7, tags: { title: 'Shout', artist: 'The Testers', genre: 'Rock' } });
  return music;
}

async function noSideScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test.describe('daily use', () => {
  let dir: string;
  let app: RunningEmotune | null = null;
  test.beforeAll(() => {
    dir = tempDir('daily');
  });
  test.afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a new token on the same port, and a second instance in the same browser, never lock the user out', async ({ page, context }) => {
    // Issue 13, bug 1: the previous run's cookie (cookies are shared across ports on 127.0.0.1) won over the
    // new address's token, which answered a plain-text 401 until cookies were cleared. (Another data folder,
    // hence another token, on the port the first one used.)
    const port = await freePort();
    const camera = join(dir, 'no-camera.avi');
    const first = await startEmotune({ camera, dataDir: join(dir, 'data-token-a'), port });
    const ui = new AppPage(page);
    await ui.open(first.url);
    await first.stop();
    const second = await startEmotune({ camera, dataDir: join(dir, 'data-token-b'), port });
    try {
      expect(second.url).not.toBe(first.url);
      await ui.open(second.url);
      await expect(ui.moodLabel).toBeVisible();
      // Another instance (its own data folder and port) in another tab of the same browser: both keep working.
      const other = await startEmotune({ camera, dataDir: join(dir, 'data-other') });
      try {
        const tab = await context.newPage();
        await new AppPage(tab).open(other.url);
        await page.reload();
        await expect(ui.moodLabel).toBeVisible();
        await tab.reload();
        await expect(tab.getByTestId('mood-label')).toBeVisible();
      } finally {
        await other.stop();
      }
      // Without the token: a real page that says what to do, not plain text.
      const locked = await context.newPage();
      await context.clearCookies();
      const response = await locked.goto(`${second.origin}/`);
      expect(response?.status()).toBe(401);
      await expect(locked.getByRole('heading', { name: "This address needs Emotune's key" })).toBeVisible();
      await expect(locked.locator('body')).toContainText('npm start');
    } finally {
      await second.stop();
    }
  });

  test('a tab whose app stopped says so, and plays on when the app is back (same address)', async ({ page }) => {
    // Issue 13, bug 6: a stopped server made a fine file "could not be decoded".
    const dataDir = join(dir, 'data-stop');
    const music = join(dir, 'StopMusic');
    mkdirSync(music, { recursive: true });
    writeWav(join(music, 'steady.wav'), { seconds: 20, frequencyHz: 330, tags: { title: 'Steady', artist: 'The Testers' } });
    let running = await startEmotune({ camera: join(dir, 'no-camera.avi'), dataDir });
    try {
      const ui = new AppPage(page);
      await ui.open(running.url);
      await ui.importFolder(music);
      await expect(ui.importSummary()).toContainText('1 added');
      await running.stop();
      await expect(page.getByTestId('connection')).toContainText('Reconnecting');
      await ui.playFromLibrary('Steady');
      await expect(page.getByTestId('player-error')).toContainText('Emotune is not running');
      await expect(page.getByTestId('player-error')).not.toContainText('decode');
      // Started again (the same port and token): the tab reconnects and the song plays.
      running = await startEmotune({ camera: join(dir, 'no-camera.avi'), dataDir, port: Number(new URL(running.url).port) });
      await expect(page.getByTestId('connection')).toBeHidden({ timeout: 30_000 });
      await expect(ui.playPause()).toHaveAccessibleName(/Pause/, { timeout: 30_000 });
      await expect(page.getByTestId('player-error')).toBeHidden();
      await ui.playPause().click();
    } finally {
      await running.stop();
    }
  });

  test('lays out at 1440x900, 1024x700 and 800x600: no sideways scroll, the playlist on the first screen, the focus never under the player bar', async ({ page }) => {
    app = await startEmotune({ camera: join(dir, 'no-camera.avi'), dataDir: join(dir, 'data-main'), home: dir });
    const music = buildLibrary(dir, 40);
    const ui = new AppPage(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await ui.open(app.url);
    // First launch: the import offer is at the top, on the first screen.
    await expect(ui.welcome()).toBeVisible();
    expect((await ui.welcome().boundingBox())!.y).toBeLessThan(900);
    // An empty field imports the offered folder (~/Music here).
    await expect(ui.importFolderField()).toHaveAttribute('placeholder', music);
    await ui.library.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(ui.importSummary()).toContainText('46 added', { timeout: 60_000 });
    await expect(ui.welcome()).toBeHidden();
    await ui.overrideMood('Happy');
    for (const [width, height] of [[1440, 900], [1024, 700], [800, 600]] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await noSideScroll(page), `${width}x${height}`).toBe(true);
      if (width >= 1024) {
        // The playlist starts on the first screen.
        expect((await ui.playlist.boundingBox())!.y, `${width}x${height}`).toBeLessThan(height - 150);
      }
      // "/" goes to the search box, which is scrolled clear of the player bar.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('/');
      const search = page.locator('#library-search');
      await expect(search).toBeFocused();
      await expect
        .poll(async () => {
          const box = (await search.boundingBox())!;
          const bar = (await ui.playerBar().boundingBox())!;
          return box.y + box.height <= bar.y && box.y >= 0;
        }, { message: `${width}x${height}` })
        .toBe(true);
      await page.keyboard.press('Escape');
    }
    // Natural order: Track 9 before Track 10, Track 79 before Track 80 (sorted by title).
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('#library-search').fill('Track');
    await ui.sortLibraryBy('Title');
    await expect.poll(async () => (await ui.libraryTitles()).slice(0, 11)).toEqual([...Array.from({ length: 11 }, (_, i) => `Track ${i + 1}`)]);
    await page.locator('#library-search').fill('');
    // The album view: a tile per album; choosing one shows its songs.
    await page.getByTestId('view-albums').click();
    await expect(page.getByTestId('albums').getByRole('button', { name: /Numbers/ })).toContainText('40 songs');
    await page.getByTestId('albums').getByRole('button', { name: /Numbers/ }).click();
    await expect(page.getByTestId('view-songs')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('#library-search')).toHaveValue('Numbers');
    await expect(ui.libraryTable()).toHaveAttribute('data-total', '40');
    await page.locator('#library-search').fill('');
  });

  test('queues songs, shuffles and repeats, levels loudness, and resumes where the listener left off after a restart', async ({ page }) => {
    test.skip(app === null, 'needs the library of the layout test');
    const ui = new AppPage(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await ui.open(app!.url);
    await expect(page.getByTestId('analysis')).toContainText(/Sound analysed for 46 of 46 songs/, { timeout: 120_000 });

    // Queue: play next goes first, add to queue goes last; reorder and remove.
    await ui.addToQueue('Quiet Harbour');
    await ui.addToQueue('Sunny Side');
    await ui.playNext('Rainy Window');
    await expect.poll(() => ui.queueTitles()).toEqual(['Rainy Window', 'Quiet Harbour', 'Sunny Side']);
    await ui.queue().getByRole('button', { name: 'Move Quiet Harbour up' }).click();
    await ui.queue().getByRole('button', { name: 'Remove Sunny Side from the queue' }).click();
    await expect.poll(() => ui.queueTitles()).toEqual(['Quiet Harbour', 'Rainy Window']);
    const first = await ui.playPlaylistSong(0);
    await expect(ui.nowPlaying()).toHaveText(first);
    await expect(page.locator('[data-testid="playlist-songs"] li[aria-current="true"]')).toHaveCount(1);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('n');
    await expect(ui.nowPlaying()).toHaveText('Quiet Harbour');
    await expect.poll(() => ui.queueTitles()).toEqual(['Rainy Window']);
    await expect(page).toHaveTitle(/^▶ Quiet Harbour — Grey Skies · Emotune$/);

    // Shuffle and repeat, by button and by key.
    await ui.shuffleButton().click();
    await expect(ui.shuffleButton()).toHaveAttribute('aria-pressed', 'true');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('l');
    await expect(ui.repeatButton()).toHaveAttribute('data-repeat', 'all');
    await page.keyboard.press('l');
    await expect(ui.repeatButton()).toHaveAttribute('data-repeat', 'one');
    await expect(ui.repeatButton()).toHaveAccessibleName('Repeat: this song (L)');
    await page.keyboard.press('s');
    await expect(ui.shuffleButton()).toHaveAttribute('aria-pressed', 'false');

    // Levelling: each song at the gain that brings its measured loudness to -18 LUFS.
    const songs = (await page.evaluate(async () => {
      const response = await fetch('/api/library.listSongs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '', limit: 100, offset: 0 }) });
      return ((await response.json()) as { result: { songs: { title: string; features: { loudnessLufs: number } | null }[] } }).result.songs;
    })) as { title: string; features: { loudnessLufs: number } | null }[];
    const gain = (title: string): number => Math.max(-24, Math.min(12, -18 - (songs.find((s) => s.title === title)?.features?.loudnessLufs ?? -18)));
    const formatted = (db: number): string => `${db > 0 ? '+' : '−'}${Math.abs(db).toFixed(1)} dB`;
    await ui.playFromLibrary('Shout');
    await expect(ui.nowPlaying()).toHaveText('Shout');
    expect(gain('Shout')).toBeLessThan(-6);
    await expect(ui.level()).toHaveText(formatted(gain('Shout')));
    // The cut is in the media element's volume: the volume setting times the gain.
    const volume = await page.evaluate(() => (window as unknown as { Howler: { _howls: { _sounds: { _node: HTMLMediaElement }[] }[] } }).Howler._howls.at(-1)?._sounds[0]?._node.volume ?? -1);
    expect(volume).toBeCloseTo(0.8 * 10 ** (gain('Shout') / 20), 2);
    await ui.playFromLibrary('Whisper');
    await expect(ui.nowPlaying()).toHaveText('Whisper');
    expect(gain('Whisper')).toBeGreaterThan(6);
    await expect(ui.level()).toHaveText(formatted(gain('Whisper')));
    // Both now reach the same loudness: -18 LUFS (within the bounds).
    expect((songs.find((s) => s.title === 'Shout')?.features?.loudnessLufs ?? 0) + gain('Shout')).toBeCloseTo(-18, 5);

    // Resume: where the song was, the queue, repeat and the chosen mood, after the app restarts.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => seconds(await ui.position().textContent())).toBeGreaterThanOrEqual(10);
    await page.keyboard.press(' ');
    await expect(ui.playPause()).toHaveAccessibleName(/Play/);
    const position = seconds(await ui.position().textContent());
    await ui.overrideMood('Sad');
    await expect(ui.moodLabel).toHaveText('Sad');
    await page.waitForTimeout(300); // the last save travels to the app
    await app!.stop();
    app = await startEmotune({ camera: join(dir, 'no-camera.avi'), dataDir: join(dir, 'data-main'), home: dir });
    await ui.open(app.url);
    await expect(ui.nowPlaying()).toHaveText('Whisper');
    await expect.poll(async () => seconds(await ui.position().textContent())).toBeGreaterThanOrEqual(position - 1);
    await expect(ui.playPause()).toHaveAccessibleName(/Play/);
    await expect.poll(() => ui.queueTitles()).toEqual(['Rainy Window']);
    await expect(ui.repeatButton()).toHaveAttribute('data-repeat', 'one');
    await expect(ui.moodLabel).toHaveText('Sad');
    await page.keyboard.press(' ');
    await expect(ui.playPause()).toHaveAccessibleName(/Pause/);
    await expect.poll(async () => seconds(await ui.position().textContent())).toBeGreaterThanOrEqual(position);
    await page.keyboard.press(' ');
  });

  test('imports a folder dropped from the file manager, expands ~, and says plainly what a typed path lacks', async ({ page }) => {
    test.skip(app === null, 'needs the server of the layout test');
    const ui = new AppPage(page);
    await ui.open(app!.url);
    // Gapless: the next song is loaded while the current one plays its last seconds, then follows it.
    // (First the last test's session is restored: Whisper paused, repeat one. Then repeat goes off.)
    await expect(ui.nowPlaying()).toHaveText('Whisper');
    await expect(ui.repeatButton()).toHaveAttribute('data-repeat', 'one');
    while ((await ui.repeatButton().getAttribute('data-repeat')) !== 'off') await ui.repeatButton().click();
    await ui.queue().getByRole('button', { name: 'Clear' }).click(); // what the last test left queued
    await page.locator('#library-search').fill('Track 2');
    await ui.addToQueue('Track 2');
    const track2 = await ui.librarySongRow('Track 2').getAttribute('data-song-id');
    await page.locator('#library-search').fill('Whisper');
    await ui.playFromLibrary('Whisper');
    await expect(ui.nowPlaying()).toHaveText('Whisper');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight'); // 10 s of 20 left: within the last 12 s
    await expect(ui.playerBar()).toHaveAttribute('data-preloaded', track2 ?? 'none');
    await expect(ui.nowPlaying()).toHaveText('Track 2', { timeout: 30_000 });
    await page.locator('#library-search').fill('');
    const dropped = join(dir, 'Dropped');
    mkdirSync(dropped, { recursive: true });
    writeWav(join(dropped, 'from-the-file-manager.wav'), { seconds: 2, frequencyHz: 300, tags: { title: 'Dropped Song' } });
    await ui.importForm().evaluate((form, uri) => {
      const data = new DataTransfer();
      data.setData('text/uri-list', uri);
      form.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, `file://${dropped}`);
    await expect(ui.importSummary()).toContainText('1 added', { timeout: 60_000 });
    // Browse…: the app's own folder picker (a page cannot learn a folder's path), confined to home and library.
    await page.getByTestId('browse-folders').click();
    const picker = page.getByTestId('folder-browser');
    await picker.getByRole('button', { name: new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
    await picker.getByRole('button', { name: /Dropped$/ }).click();
    await expect(page.getByTestId('folder-browser-path')).toHaveText(dropped);
    await picker.getByRole('button', { name: 'Import this folder' }).click();
    await expect(ui.importSummary()).toContainText('1 unchanged', { timeout: 60_000 });
    // A relative path: a plain message, nothing imported from the install folder.
    await ui.importFolder('Music');
    await expect(page.getByTestId('import-error')).toContainText('full path (starting with / or ~)');
    // ~ is the home folder: its Music folder again (nothing new).
    await ui.importFolder('~/Music');
    await expect(ui.importSummary()).toContainText('46 unchanged', { timeout: 60_000 });
    // An empty folder is said so.
    mkdirSync(join(dir, 'Empty'), { recursive: true });
    await ui.importFolder(join(dir, 'Empty'));
    await expect(ui.importSummary()).toContainText('No music files found in');

    // Saved playlists: the mood playlist saved under a name, played (it becomes the queue), exported as M3U.
    await ui.overrideMood('Happy');
    await expect(ui.playlistSongs).toHaveCount(5);
    const titles = await ui.playlistTitles();
    await ui.playlist.getByRole('button', { name: 'Save as playlist…' }).click();
    await page.getByLabel('Playlist name').fill('Evening');
    await page.getByTestId('save-playlist').getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.getByTestId('saved-playlists');
    await expect(saved).toContainText('Evening');
    await expect(saved).toContainText('5 songs');
    const download = page.waitForEvent('download');
    await saved.getByRole('button', { name: 'Export Evening as M3U' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Evening.m3u8');
    const { readFileSync } = await import('node:fs');
    const m3u = readFileSync((await file.path())!, 'utf8').split('\n');
    expect(m3u[0]).toBe('#EXTM3U');
    expect(m3u.filter((line) => line.startsWith('#EXTINF'))).toHaveLength(5);
    await saved.getByRole('button', { name: 'Play Evening' }).click();
    await expect(ui.nowPlaying()).toHaveText(titles[0]!);
    await expect.poll(() => ui.queueTitles()).toEqual(titles.slice(1));
    await page.keyboard.press(' ');
  });

  test('has no serious or critical accessibility problem on the main screen, in Settings and in the shortcuts (axe-core)', async ({ page }) => {
    test.skip(app === null, 'needs the server of the layout test');
    const ui = new AppPage(page);
    await ui.open(app!.url);
    await expect(ui.libraryRowsDrawn().first()).toBeVisible();
    const serious = async (): Promise<string[]> => {
      const results = await new AxeBuilder({ page }).analyze();
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    };
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await serious(), `main screen, ${scheme}`).toEqual([]);
    }
    // Pictures for README's user guide: the queue and saved playlists in dark, a narrower window in light.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(APP_ROOT, 'artifacts', 'daily-use-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(APP_ROOT, 'artifacts', 'daily-use-light-1024.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings')).toBeVisible();
    expect(await serious(), 'settings').toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await serious(), 'shortcuts').toEqual([]);
  });
});
