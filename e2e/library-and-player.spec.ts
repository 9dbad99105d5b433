import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';
import { buildMusicFolder, hasShared, SHARED_SKIP_MESSAGE } from './support/builders.ts';
import { APP_ROOT } from './support/emotune-server.ts';
import { serveForSpec } from './support/spec-server.ts';

// The library and player controls a user reaches for once there is music: search, next and previous, the
// system's media controls, volume, reshuffle, stopping the analysis and going on with it, and forgetting a folder.
test.describe('library and player controls', () => {
  test.skip(!hasShared('data', 'music'), SHARED_SKIP_MESSAGE);

  const spec = serveForSpec('controls', (dir) => ({ camera: join(dir, 'no-camera.avi') }));

  test('search, skip, change the volume, reshuffle, stop and resume the analysis, and remove a folder', async ({ page }) => {
    const ui = new AppPage(page);
    await ui.open(spec.app.url);
    // Analysis after an import off (a setting), so the playlist below comes from the whole library.
    await page.getByTestId('open-settings').click();
    // The model chooser shows each model's measured accuracy, speed and confusion matrix.
    const facts = ui.modelFacts();
    const accuracy = (model: string): string =>
      `${((JSON.parse(readFileSync(join(APP_ROOT, 'assets/models', model, 'metrics.json'), 'utf8')) as { publicTest: { accuracy: number } }).publicTest.accuracy * 100).toFixed(1)} %`;
    await expect(facts).toContainText(`${accuracy('emotune-trio')} right on FER-2013 PublicTest (3,589 faces)`);
    // …and on photos of real people, where the default's real-face network counts.
    await expect(facts).toContainText(/\d+\.\d % right on 581 photos of real people posing all seven moods/);
    await expect(facts).toContainText(/ms per face \(wasm\)/);
    const matrix = await ui.openConfusionMatrix();
    await expect(matrix.rows).toHaveCount(7);
    await expect(matrix.cell(3, 3)).toHaveAttribute('title', /^Happy taken for Happy: \d+ faces/);
    await ui.settingsModel().selectOption('mini-xception');
    await expect(facts).toContainText(`${accuracy('mini-xception')} right on FER-2013 PublicTest`);
    await ui.settingsModel().selectOption('emotune-trio');
    await page.getByLabel('Analyse new songs after an import').uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await ui.importFolder(buildMusicFolder(spec.dir, { realTracks: true }));
    await expect(ui.importSummary()).toContainText('24 added', { timeout: 60_000 });
    const analysis = page.getByTestId('analysis');
    await expect(analysis.getByTestId('analysis-stats')).toHaveText('Sound analysed for 0 of 24 songs');

    // Search: / goes to the search box; the rows are the matches; a search with none says so.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('/');
    await expect(page.locator('#library-search')).toBeFocused();
    await page.keyboard.type('grey skies');
    await expect.poll(async () => (await ui.libraryTitles()).sort()).toEqual(['Quiet Harbour', 'Rainy Window']);
    await page.locator('#library-search').fill('no such song anywhere');
    await expect(ui.library).toContainText('Try another search.');
    await page.locator('#library-search').fill('');
    await expect.poll(async () => (await ui.libraryTitles()).length).toBe(24);

    // A long title in the playlist is cut short with an ellipsis; the page does not grow sideways.
    const long = '03 - Robert van Herk - Architectural Contemplations';
    // A song assigned to a mood joins its playlist (the others stay), and says so.
    await ui.assignMood(long, 'angry');
    await ui.overrideMood('Angry');
    await expect.poll(() => ui.playlistTitles()).toContain(long);
    await expect(ui.playlistSongs).toHaveCount(5);
    await expect(ui.playlistRow(long).getByTestId('song-why')).toContainText('you chose it for angry');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const card = await ui.playlist.boundingBox();
    const time = await ui.playlistRow(long).locator('.time').boundingBox();
    expect(time!.x + time!.width).toBeLessThanOrEqual(card!.x + card!.width);

    // A mood with nothing assigned: five songs of the library. N and P move through them.
    await ui.overrideMood('Neutral');
    await expect(ui.playlistSongs).toHaveCount(5);
    const playlist = await ui.playlistTitles();
    await ui.playPlaylistSong(0);
    await expect(ui.nowPlaying()).toHaveText(playlist[0]!);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('n');
    await expect(ui.nowPlaying()).toHaveText(playlist[1]!);
    await page.keyboard.press('p');
    await expect(ui.nowPlaying()).toHaveText(playlist[0]!);
    await expect(ui.playPause()).toHaveAccessibleName(/Pause/);
    // The system's media controls (media keys, the desktop's media widget) show the song that plays.
    await expect
      .poll(() => page.evaluate(() => [navigator.mediaSession.metadata?.title, navigator.mediaSession.playbackState]))
      .toEqual([playlist[0], 'playing']);

    // Volume: ↓ twice lowers it by 10 points, and it is remembered after a reload.
    const volume = ui.player.getByLabel('Volume');
    const before = Number(await volume.inputValue());
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => Number(await volume.inputValue())).toBeCloseTo(before - 0.1, 5);
    // M mutes and unmutes, keeping the volume.
    await page.keyboard.press('m');
    await expect(ui.player.getByTestId('mute')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => Number(await volume.inputValue())).toBe(0);
    await page.keyboard.press('m');
    await expect(ui.player.getByTestId('mute')).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(async () => Number(await volume.inputValue())).toBeCloseTo(before - 0.1, 5);
    await page.reload();
    await expect.poll(async () => Number(await ui.player.getByLabel('Volume').inputValue())).toBeCloseTo(before - 0.1, 5);

    // Reshuffle (R): five other songs, since the library has them.
    await ui.overrideMood('Neutral');
    await expect(ui.playlistSongs).toHaveCount(5);
    const first = await ui.playlistTitles();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('r');
    await expect.poll(async () => (await ui.playlistTitles()).filter((t) => first.includes(t))).toEqual([]);
    await expect(ui.playlistSongs).toHaveCount(5);
    // Thumbs: not for this mood (pressed), then taken back.
    const down = ui.playlistSongs.first().getByTestId('thumb-down');
    await down.click();
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await down.click();
    await expect(down).toHaveAttribute('aria-pressed', 'false');

    // The analysis, started by hand: Stop keeps what is done and offers the rest, which can go on later.
    await analysis.getByRole('button', { name: 'Analyse 24' }).click();
    await expect(analysis.getByRole('button', { name: 'Stop' })).toBeVisible();
    await analysis.getByRole('button', { name: 'Stop' }).click();
    await expect(analysis.getByTestId('analysis-stats')).toContainText(/Sound analysed for \d+ of 24 songs/);
    const resume = analysis.getByRole('button', { name: /^Analyse \d+$/ });
    await resume.click();
    await expect(analysis.getByRole('button', { name: 'Stop' })).toBeVisible();
    await analysis.getByRole('button', { name: 'Stop' }).click();
    await expect(resume).toBeVisible();

    // Forget the folder: the library and the playlist empty.
    const folders = page.getByTestId('folders');
    await folders.locator('summary').click();
    await folders.getByRole('button', { name: 'Remove' }).click();
    await expect(ui.library.getByText('Your library is empty')).toBeVisible();
    await expect(ui.playlist).toContainText('Nothing to play yet');
  });
});
