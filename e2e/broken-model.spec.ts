import { cpSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';
import { buildCameraVideo, buildMusicFolder, hasShared, SHARED_SKIP_MESSAGE } from './support/builders.ts';
import { APP_ROOT } from './support/emotune-server.ts';
import { serveForSpec } from './support/spec-server.ts';

// A damaged model file: the app says what is wrong and everything but the mood detection works on.
test.describe('a broken emotion model', () => {
  test.skip(!hasShared('data', 'faces'), SHARED_SKIP_MESSAGE);

  const spec = serveForSpec('model', (dir) => {
    const model = join(dir, 'broken-model');
    cpSync(join(APP_ROOT, 'assets/models/mini-xception'), model, { recursive: true });
    truncateSync(join(model, 'emotion.bin'), 4096);
    return { camera: buildCameraVideo(dir), model };
  });

  test('says the model failed and why, while the camera, override and music still work, until another model is chosen', async ({ page }) => {
    const ui = new AppPage(page);
    await ui.open(spec.app.url);
    await expect(page.getByTestId('backend')).toHaveText('Emotion model not working');
    await expect(ui.moodLabel).toHaveText('Waiting for a face…');
    await expect(page.getByTestId('mood')).toContainText('The emotion model could not start');
    await expect(page.getByTestId('mood')).not.toContainText('weights are');
    // The technical details sit behind the badge's disclosure.
    await page.getByTestId('backend').click();
    await expect(page.getByTestId('backend-details')).toContainText(/weights are 4096 bytes/);
    await page.getByTestId('backend').click();
    // The camera still finds the face; the preview shows it.
    await expect(ui.cameraPreview()).toBeVisible();
    await ui.importFolder(buildMusicFolder(spec.dir, { realTracks: false }));
    await expect(ui.importSummary()).toContainText('4 added');
    // The playlist uses the songs' analysed sound once it is there: wait for it, so the songs are known.
    await expect(page.getByTestId('analysis')).toContainText(/Sound analysed for 4 of 4 songs/, { timeout: 30_000 });
    await ui.overrideMood('Happy');
    await expect(ui.moodLabel).toHaveText('Happy');
    // With their sound analysed, every song has a mood: the four are ranked by how well they fit happy.
    await expect(ui.playlistSongs).toHaveCount(4);
    await expect(ui.playlistBasis).toHaveAttribute('data-basis', 'mood');
    // Each says how close it comes to the mood, and why it was picked.
    await expect(ui.playlistMatches().first()).toHaveText(/^\d{1,3} % match$/);
    expect((await ui.playlistReasons())[0]).toMatch(/ — fits happy/);
    // Lift mode (Settings): the list starts at the mood and steps towards calm, bright music, and says so.
    await page.getByTestId('open-settings').click();
    await page.getByLabel('Lift it (start there, end calm and bright)').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(ui.playlistBasis).toContainText('each song a little calmer and brighter');
    await expect.poll(async () => (await ui.playlistReasons())[0]).toMatch(/ — meets happy/);
    await page.getByTestId('open-settings').click();
    await page.getByLabel('Match it (sad → sad songs)').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await ui.playlistReasons())[0]).toMatch(/ — fits happy/);

    // The way out: Settings shows the broken folder as the current model; choosing a shipped one loads it
    // while the app runs, and the mood comes from the camera again.
    await ui.overrideMood('Auto');
    await page.getByTestId('open-settings').click();
    const model = page.getByTestId('settings-model');
    await expect(model.locator('option:checked')).toHaveText(/^broken-model \(folder .*broken-model\)$/);
    await model.selectOption('emotune-vgg');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('settings')).toBeHidden();
    await expect(page.getByTestId('backend')).toHaveText('Emotion model ready', { timeout: 30_000 });
    await expect(page.getByTestId('backend')).toHaveAttribute('data-model', 'emotune-vgg');
    await expect(page.getByTestId('mood')).not.toContainText('could not start');
    await expect(ui.moodLabel).toHaveText(/^(Neutral|Happy)$/, { timeout: 30_000 });
  });
});
