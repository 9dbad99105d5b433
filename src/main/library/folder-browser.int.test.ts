import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { browseFolders } from './folder-browser.ts';

const temp = useTempDir();

describe('browseFolders (browser mode\'s folder picker)', () => {
  it('lists the folders under the allowed places, in natural order, hidden ones and links out left out, and refuses anything else', async () => {
    const home = join(temp.path, 'home');
    for (const d of ['Music/Album 10', 'Music/Album 9', 'Music/.cache', 'Documents']) mkdirSync(join(home, d), { recursive: true });
    mkdirSync(join(temp.path, 'outside'));
    symlinkSync(join(temp.path, 'outside'), join(home, 'Music', 'escape'));
    symlinkSync(join(home, 'Documents'), join(home, 'Music', 'docs-link'));
    expect(await browseFolders(null, [home])).toMatchObject({ path: null, folders: [{ path: home }] });
    const music = await browseFolders(join(home, 'Music'), [home]);
    expect(music.folders.map((f) => f.name)).toEqual(['Album 9', 'Album 10', 'docs-link']);
    expect(music.parent).toBe(home);
    expect((await browseFolders(home, [home])).parent).toBeNull();
    await expect(browseFolders(join(temp.path, 'outside'), [home])).rejects.toMatchObject({ code: 'media-refused' });
    await expect(browseFolders('/etc', [home])).rejects.toMatchObject({ code: 'media-refused' });
    await expect(browseFolders(join(home, 'Music', 'escape'), [home])).rejects.toMatchObject({ code: 'media-refused' });
    await expect(browseFolders(join(home, 'nope'), [home])).rejects.toMatchObject({ code: 'not-found' });
  });
});
