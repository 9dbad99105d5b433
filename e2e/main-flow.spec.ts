import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage, seconds } from './pages/app-page.ts';
import { buildCameraVideo, buildMusicFolder, hasShared, SHARED_SKIP_MESSAGE } from './support/builders.ts';
import { APP_ROOT } from './support/emotune-server.ts';
import { serveForSpec } from './support/spec-server.ts';

// The walking skeleton, as a user meets it: a camera (a video of real face photos), a music folder, the mood,
// the playlist, playback, and the mood override.
test.describe('main flow in browser mode', () => {
  test.skip(!hasShared('data', 'faces') || !hasShared('data', 'music'), SHARED_SKIP_MESSAGE);

  let music: string;
  const spec = serveForSpec('main', (dir) => {
    music = buildMusicFolder(dir, { realTracks: true });
    return { camera: buildCameraVideo(dir) };
  });

  test('see the mood, import music, get a playlist, play it, override the mood and return to auto', async ({ page }) => {
    const ui = new AppPage(page);
    await ui.open(spec.app.url);

    // The camera preview and a detected mood with its confidence.
    await expect(ui.cameraPreview()).toBeVisible();
    await expect(ui.moodLabel).toHaveText(/^(Neutral|Happy)$/);
    await expect(ui.moodConfidence).toHaveText(/^(\d{1,3}% sure · from the camera|Holding .*|Not sure .*)$/);
    await expect(ui.probabilities.locator('li')).toHaveCount(7);
    await expect(page.getByTestId('backend')).toHaveText('Emotion model ready');
    await expect(page.getByTestId('backend')).toHaveAttribute('data-model', 'emotune-trio');
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /^(wasm|tensorflow|cpu)$/);

    // Import: progress, then a summary; the broken file is listed, the import did not stop on it.
    await expect(ui.library.getByText('Your library is empty')).toBeVisible();
    await ui.importFolder(music);
    await expect(ui.importSummary()).toContainText('25 files found', { timeout: 60_000 });
    await expect(ui.importSummary()).toContainText('1 unreadable');
    await ui.importErrors().locator(':scope > summary').click();
    await expect(ui.importErrors()).toContainText('broken download.mp3');
    // In plain words; the parser's own message behind "details".
    await expect(ui.importErrors()).toContainText('not an audio file Emotune can read');
    await expect(ui.library.getByRole('heading')).toContainText('24 songs');

    // The playlist for the detected mood: k = 5 songs.
    await expect(ui.playlistSongs).toHaveCount(5);

    // Play a song and see its position advance.
    const title = await ui.playPlaylistSong(0);
    await expect(ui.nowPlaying()).toHaveText(title);
    await expect.poll(async () => seconds(await ui.position().textContent()), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await expect(ui.playPause()).toHaveAccessibleName(/Pause/);

    // Assign two songs to "sad", override the mood: they join the sad playlist.
    await ui.assignMood('Rainy Window', 'sad');
    await ui.assignMood('City blues', 'sad');
    await ui.overrideMood('Sad');
    await expect(ui.moodLabel).toHaveText('Sad');
    await expect(ui.moodSource).toContainText('Chosen by you');
    await expect(ui.playlist.getByRole('heading')).toHaveText('Playlist · Sad');
    await expect.poll(async () => await ui.playlistTitles()).toEqual(expect.arrayContaining(['City blues', 'Rainy Window']));
    await expect(ui.playlistRow('Rainy Window').getByTestId('song-why')).toContainText('you chose it for sad');
    // The song that was playing goes on playing.
    await expect(ui.nowPlaying()).toHaveText(title);

    // Back to auto: the camera's mood again, and a playlist for it.
    await ui.overrideMood('Auto');
    await expect(ui.moodLabel).toHaveText(/^(Neutral|Happy)$/);
    await expect(ui.playlist.getByRole('heading')).toHaveText(/Playlist · (Neutral|Happy)/);
    await expect(ui.playlistSongs).toHaveCount(5);

    // The mood-over-time chart has points, and the keyboard works: 5 = sad, 0 = auto.
    await expect(ui.moodTimelineBars().first()).toBeVisible();
    await page.keyboard.press('5');
    await expect(ui.moodLabel).toHaveText('Sad');
    await page.keyboard.press('0');
    await expect(ui.moodLabel).toHaveText(/^(Neutral|Happy)$/);

    // The camera off (C, or the camera card's button): released, nothing captured, the music goes on; on again,
    // the mood follows the face again.
    await page.keyboard.press('c');
    await expect(ui.camera.getByTestId('camera-off')).toBeVisible();
    await expect(ui.cameraPreview()).toBeHidden();
    await expect(page.getByTestId('mood-detail')).toHaveText('Camera off: this mood stays until you pick one or turn the camera on.');
    await expect(ui.nowPlaying()).toHaveText(title);
    // The mood history is the main side's: a window opened now, with nothing captured, still charts the session.
    const later = new AppPage(await page.context().newPage());
    await later.open(spec.app.url);
    await expect(later.moodTimelineBars().first()).toBeVisible();
    await later.page.close();
    await ui.camera.getByTestId('camera-toggle').click();
    await expect(ui.cameraPreview()).toBeVisible({ timeout: 15_000 });
    await expect(ui.moodLabel).toHaveText(/^(Neutral|Happy)$/, { timeout: 15_000 });

    // Calibration to the listener: a few seconds of the (camera's) face, then it is on; a reset forgets it.
    const calibration = ui.page.getByTestId('calibration');
    // Before any calibration, the resting face's shape has been learnt while listening, from the faces read as neutral.
    await expect(calibration.getByTestId('calibration-listening')).toHaveText('Reading how your face moves from rest, learnt as you listen', { timeout: 60_000 });
    // Settings turn it off (it is forgotten at once) and on again (it is learnt again within seconds).
    for (const on of [false, true]) {
      await page.getByTestId('open-settings').click();
      const learn = page.getByLabel('Learn my resting face as I listen');
      await (on ? learn.check() : learn.uncheck());
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByTestId('settings')).toBeHidden();
      if (on) await expect(calibration.getByTestId('calibration-listening')).toBeVisible({ timeout: 60_000 });
      else await expect(calibration.getByTestId('calibration-listening')).toBeHidden();
    }
    await calibration.getByRole('button', { name: 'Calibrate to my face' }).click();
    await expect(calibration).toHaveAttribute('data-state', 'collecting');
    await expect(calibration).toHaveAttribute('data-state', 'on', { timeout: 30_000 });
    await expect(calibration).toContainText('Calibrated to your resting face');
    // The default model measured the shape of the (camera-sized) resting face too.
    await expect(calibration.getByTestId('calibration-shape')).toBeVisible();
    // Optionally, an expression the listener shows: taught on top of the resting face, and marked as learnt.
    await calibration.getByText('Teach it your expressions (optional)').click();
    await calibration.getByRole('button', { name: 'Teach it your happy face' }).click();
    await expect(calibration).toHaveAttribute('data-state', 'collecting');
    await expect(calibration).toContainText('Show your happy face');
    await expect(calibration.getByTestId('calibration-summary')).toHaveText('Calibrated to your resting face and your happy face', { timeout: 30_000 });
    await expect(calibration.getByRole('button', { name: 'Teach it your happy face' })).toHaveAttribute('aria-pressed', 'true');
    await expect(calibration.getByTestId('calibration-listening')).toBeHidden();
    await calibration.getByRole('button', { name: 'Reset calibration' }).click();
    await expect(calibration).toHaveAttribute('data-state', 'off');

    // Every song's sound gets analysed, the M4A (AAC) one too: the page decodes it with the browser's decoder.
    await expect(page.getByTestId('analysis-stats')).toHaveText('Sound analysed for 24 of 24 songs', { timeout: 120_000 });
    await ui.library.getByLabel('Search the library').fill('Awakening');
    await expect.poll(() => ui.libraryTitles()).toEqual(['Awakening']);
    // The card's title counts the matches against the whole library.
    await expect(ui.library.getByRole('heading', { level: 2 }).first()).toHaveText('Library · 1 of 24 songs');
    // Its tempo column shows a measured tempo.
    await expect(ui.libraryRow('Awakening').locator('td[data-column="tempo"]')).toHaveText(/^\d+$/);
    await ui.library.getByLabel('Search the library').fill('');
    await expect(ui.library.getByRole('heading', { level: 2 }).first()).toHaveText('Library · 24 songs');
    await expect.poll(async () => (await ui.libraryTitles()).length).toBe(24);

    // Nothing went wrong loading the page's state along the way (its start and its reconnect overlap).
    await expect(ui.loadError()).toHaveCount(0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(join(APP_ROOT, 'artifacts'), { recursive: true });
    // The first screen, as the listener sees it (a full-page shot would draw the fixed player bar over the library).
    await page.screenshot({ path: join(APP_ROOT, 'artifacts', 'main-screen.png') });
  });
});
