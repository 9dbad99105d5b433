import { mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppPage, seconds } from './pages/app-page.ts';
import { buildMusicFolder, hasShared, SHARED, SHARED_SKIP_MESSAGE } from './support/builders.ts';
import { serveForSpec } from './support/spec-server.ts';

// Heavy work runs in worker threads: while a large import and then the audio analysis run, music keeps
// playing and the mood override answers at once.
test.describe('responsive during import and analysis', () => {
  test.skip(!hasShared('data', 'music'), SHARED_SKIP_MESSAGE);

  let big: string;
  const spec = serveForSpec('busy', (dir) => {
    // A large library: the 20 real tracks linked 1,000 times over (20,000 files, about 20 s of import at the
    // measured scan rate), plus the generated ones.
    big = buildMusicFolder(dir, { realTracks: false });
    const real = join(SHARED, 'data/music');
    const tracks = readdirSync(real)
      .map((folder) => join(real, folder))
      .filter((path) => statSync(path).isDirectory())
      .flatMap((folder) => readdirSync(folder).map((file) => join(folder, file)));
    for (let copy = 0; copy < 1000; copy += 1) {
      const sub = join(big, `copy-${copy}`);
      mkdirSync(sub);
      tracks.forEach((track, i) => symlinkSync(track, join(sub, `${i}-${track.split('/').at(-1)}`)));
    }
    return { camera: join(dir, 'no-camera.avi') };
  });

  test('plays and follows the mood while 20,000 files import and analyse', async ({ page }) => {
    const ui = new AppPage(page);
    await ui.open(spec.app.url);
    // A first, small import so there is something to play.
    await ui.importFolder(join(big, 'Generated'));
    await expect(ui.importSummary()).toContainText('4 added');
    // The playlist uses the songs' analysed sound once it is there: wait for it, so the songs are known.
    await expect(page.getByTestId('analysis')).toContainText(/Sound analysed for 4 of 4 songs/, { timeout: 30_000 });
    await ui.overrideMood('Happy');
    // With their sound analysed, every song has a mood: the four are ranked by how well they fit happy.
    await expect(ui.playlistSongs).toHaveCount(4);
    await ui.playPlaylistSong(0);
    await expect(ui.playPause()).toHaveAccessibleName(/Pause/);

    // Now the big import.
    await ui.importFolder(big);
    await expect(page.getByTestId('import-progress')).toBeVisible();
    // The mood override's round trip (click, request, event, render), measured in the page.
    const sadMs = await ui.overrideMoodTimed('Sad');
    console.log('override latency during import (ms):', Math.round(sadMs));
    expect(sadMs).toBeLessThan(1000);
    expect(await ui.overrideMoodTimed('Happy')).toBeLessThan(1000);
    const before = seconds(await ui.position().textContent());
    await page.waitForTimeout(2000);
    expect(seconds(await ui.position().textContent())).toBeGreaterThan(before);
    // All of that happened while the import was still running.
    await expect(page.getByTestId('import-progress')).toBeVisible({ timeout: 100 });

    // The analysis starts by itself after the import; the app still answers while it runs.
    await expect(ui.importSummary()).toContainText('20005 files found', { timeout: 120_000 });
    await expect(page.getByTestId('analysis')).toContainText(/analysing audio: [\d,]+ of [\d,]+ files/, { timeout: 30_000 });
    expect(await ui.overrideMoodTimed('Neutral')).toBeLessThan(1000);
    await expect(page.getByTestId('analysis')).toContainText(/analysing audio/);

    // The whole library scrolls as one table, with only the rows near the screen in the page: at the bottom,
    // the last song is there, fetched as it came into view.
    await expect(ui.libraryTable()).toHaveAttribute('data-total', '20004');
    await ui.scrollPageTo(1);
    await expect(ui.libraryRowAt(20_004)).toBeAttached();
    expect(await ui.libraryRowsDrawn().count()).toBeLessThan(120);
    // Halfway, the same.
    await ui.scrollPageTo(0.5);
    await expect(ui.libraryRowsDrawn().first()).toBeAttached();
    const middle = Number(await ui.libraryRowsDrawn().first().getAttribute('aria-rowindex'));
    expect(middle).toBeGreaterThan(5000);
    expect(middle).toBeLessThan(15000);
  });
});
