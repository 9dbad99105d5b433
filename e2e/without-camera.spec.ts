import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage, seconds } from './pages/app-page.ts';
import { buildMusicFolder } from './support/builders.ts';
import { serveForSpec } from './support/spec-server.ts';

// No camera at all (the source does not exist): the app says so plainly and everything else still works.
// Needs nothing from ../shared, so it runs on a user's fresh clone too.
test.describe('browser mode without a camera', () => {
  let music: string;
  // Its home folder holds a music folder (~/Music), which the first import offers.
  const spec = serveForSpec('nocam', (dir) => {
    music = buildMusicFolder(dir, { realTracks: false });
    return { camera: join(dir, 'no-such-camera.avi'), home: dir };
  });

  test('refuses a page opened without the per-run token', async ({ page }) => {
    const response = await page.goto(`${spec.app.origin}/`);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: "This address needs Emotune's key" })).toBeVisible();
  });

  test('explains the missing camera, and the override, import and player still work', async ({ page }) => {
    const ui = new AppPage(page);
    await ui.open(spec.app.url);
    await expect(ui.camera).toContainText('No camera found');
    await expect(ui.cameraProblem()).toContainText('does not exist');
    await expect(ui.moodLabel).toHaveText('Waiting for a face…');
    await expect(ui.playlist).toContainText('No mood yet');

    // Sound analysis off (a setting), so the playlist comes from the songs' genre tags (once analysed, paper
    // 2's feature match would take over, as the other tests show).
    await page.getByTestId('open-settings').click();
    await page.getByLabel('Analyse new songs after an import').uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('settings')).toBeHidden();

    // The empty library offers the user's music folder.
    await expect(ui.importFolderField()).toHaveAttribute('placeholder', music);
    await ui.importSuggestedButton().click();
    await expect(ui.importSummary()).toContainText('5 files found');
    await expect(ui.importSummary()).toContainText('4 added');

    await ui.overrideMood('Happy');
    await expect(ui.playlistBasis).toHaveAttribute('data-basis', 'genre');
    await expect.poll(async () => (await ui.playlistTitles()).sort()).toEqual(['Dance All Night', 'Sunny Side']);

    // Keyboard: Space plays the playlist, → seeks 10 s. No control may hold the focus (Space would press it);
    // a click on the page's centre could land on a button, so the focus is dropped instead.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(' ');
    await expect(ui.playPause()).toHaveAccessibleName(/Pause/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => seconds(await ui.position().textContent())).toBeGreaterThanOrEqual(10);
    await page.keyboard.press(' ');
    await expect(ui.playPause()).toHaveAccessibleName(/Play/);

    // A typed camera source that works is picked up without a restart.
    await page.getByLabel('Source').fill(join(spec.dir, 'still-missing.avi'));
    await page.getByRole('button', { name: 'Use' }).click();
    await expect(ui.cameraProblem()).toContainText('still-missing.avi');

    // The library sorts by a column; a second click reverses it.
    await ui.sortLibraryBy('Title');
    await expect.poll(() => ui.libraryTitles()).toEqual(['Dance All Night', 'Quiet Harbour', 'Rainy Window', 'Sunny Side']);
    await ui.sortLibraryBy('Title');
    await expect.poll(async () => (await ui.libraryTitles())[0]).toBe('Sunny Side');

    // Paper 1's per-emotion list from a CSV: the sad songs it names join the sad playlist.
    const list = join(spec.dir, 'sad.csv');
    writeFileSync(list, 'name,artist\nRainy Window,Grey Skies\nQuiet Harbour,Grey Skies\nNot In Library,Nobody\n');
    await ui.importCsv(list, null);
    await expect(ui.csvSummary()).toContainText('2 matched');
    await expect(ui.csvSummary()).toContainText('Not In Library');
    await ui.overrideMood('Sad');
    await expect(ui.playlistBasis).toHaveAttribute('data-basis', 'assigned');
    await expect.poll(async () => await ui.playlistTitles()).toEqual(expect.arrayContaining(['Quiet Harbour', 'Rainy Window']));

    // Played to its end, the playlist goes on: a fresh one for the mood, starting with another song than the last.
    const last = await ui.playPlaylistSong(1);
    await expect(ui.nowPlaying()).toHaveText(last);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(ui.nowPlaying()).not.toHaveText(last, { timeout: 20_000 });
    await expect(ui.playPause()).toHaveAccessibleName(/Pause/);

    // A rescan of every folder finds nothing new.
    await ui.rescanFolders();
    await expect(ui.importSummary()).toContainText('4 unchanged');

    // Settings: three songs per playlist from now on.
    await page.getByTestId('open-settings').click();
    await page.getByLabel('Songs per playlist').fill('3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('settings')).toBeHidden();
    await ui.overrideMood('Neutral');
    await expect(ui.playlistSongs).toHaveCount(3);

    // Shortcut help.
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toContainText('Play / pause');
  });
});
