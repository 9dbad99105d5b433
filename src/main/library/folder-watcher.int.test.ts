import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { until } from '../testing/until.ts';
import { FolderWatcher } from './folder-watcher.ts';

const temp = useTempDir();


describe('FolderWatcher (real file system)', () => {
  it('reports a folder once after a burst of changes deep inside it, and stops when told', async () => {
    const folder = join(temp.path, 'music');
    mkdirSync(join(folder, 'Artist', 'Album'), { recursive: true });
    const changed: string[] = [];
    const watcher = new FolderWatcher({ onChanged: (f) => changed.push(f), debounceMs: 150 });
    watcher.set([folder]);
    for (let i = 0; i < 5; i += 1) writeFileSync(join(folder, 'Artist', 'Album', `${i}.mp3`), 'x');
    await until(() => changed.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(changed).toEqual([folder]);
    watcher.set([]);
    expect(watcher.folders).toEqual([]);
    writeFileSync(join(folder, 'late.mp3'), 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(changed).toHaveLength(1);
    watcher.close();
  });

  it('logs a folder it cannot watch and carries on', () => {
    const messages: string[] = [];
    const watcher = new FolderWatcher({ onChanged: () => {}, log: (m) => messages.push(m) });
    watcher.set([join(temp.path, 'missing')]);
    expect(watcher.folders).toEqual([]);
    expect(messages[0]).toMatch(/cannot watch/);
    watcher.close();
  });
});
