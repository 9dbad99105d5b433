import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { until } from '../testing/until.ts';
import { FolderWatcher } from './folder-watcher.ts';

const temp = useTempDir();

describe('FolderWatcher (real file system)', () => {
  it('ignores the app\'s own data folder, hidden folders and non-audio files inside a library folder (no re-import loop)', async () => {
    // Issue 14, item 2: importing ~ took in ~/.local/share/emotune, whose database writes woke the watcher for ever.
    const home = join(temp.path, 'home');
    const dataDir = join(home, 'data');
    mkdirSync(join(home, '.local', 'share'), { recursive: true });
    mkdirSync(join(dataDir, 'covers'), { recursive: true });
    mkdirSync(join(home, 'Music'), { recursive: true });
    const changed: string[] = [];
    const watcher = new FolderWatcher({ onChanged: (f) => changed.push(f), debounceMs: 100, perDirectory: true, ignore: [dataDir] });
    await watcher.set([home]);
    expect(watcher.watchCount).toBe(2); // home and Music: not .local, .local/share, data or data/covers
    for (let i = 0; i < 20; i += 1) {
      writeFileSync(join(dataDir, 'library.sqlite-wal'), `write ${i}`);
      writeFileSync(join(dataDir, 'covers', `${i}.jpg`), 'x');
      writeFileSync(join(home, '.local', 'share', 'other.db'), 'x');
      writeFileSync(join(home, 'notes.txt'), `note ${i}`);
      writeFileSync(join(home, 'Music', 'playlist.m3u'), 'x');
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(changed).toEqual([]);
    writeFileSync(join(home, 'Music', 'song.flac'), 'x');
    await until(() => changed.length > 0);
    expect(changed).toEqual([home]);
    watcher.close();
  });

  it('reports a folder once after a burst of changes deep inside it, and stops when told', async () => {
    const folder = join(temp.path, 'music');
    mkdirSync(join(folder, 'Artist', 'Album'), { recursive: true });
    const changed: string[] = [];
    const watcher = new FolderWatcher({ onChanged: (f) => changed.push(f), debounceMs: 150 });
    await watcher.set([folder]);
    for (let i = 0; i < 5; i += 1) writeFileSync(join(folder, 'Artist', 'Album', `${i}.mp3`), 'x');
    await until(() => changed.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(changed).toEqual([folder]);
    await watcher.set([]);
    expect(watcher.folders).toEqual([]);
    writeFileSync(join(folder, 'late.mp3'), 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(changed).toHaveLength(1);
    watcher.close();
  });

  it('logs a folder it cannot watch and carries on', async () => {
    const messages: string[] = [];
    const watcher = new FolderWatcher({ onChanged: () => {}, log: (m) => messages.push(m) });
    await watcher.set([join(temp.path, 'missing')]);
    expect(watcher.folders).toEqual([]);
    expect(messages[0]).toMatch(/cannot watch/);
    watcher.close();
  });

  it('watches each directory once, not each file, and takes in directories created later', async () => {
    const folder = join(temp.path, 'library');
    for (let a = 0; a < 3; a += 1) {
      mkdirSync(join(folder, `Artist ${a}`, 'Album'), { recursive: true });
      for (let t = 0; t < 20; t += 1) writeFileSync(join(folder, `Artist ${a}`, 'Album', `${t}.mp3`), 'x');
    }
    const changed: string[] = [];
    const watcher = new FolderWatcher({ onChanged: (f) => changed.push(f), debounceMs: 100, perDirectory: true });
    await watcher.set([folder]);
    // The folder, 3 artists and 3 albums: 7 watches for 60 files.
    expect(watcher.watchCount).toBe(7);

    // An album copied in later: its folder is watched, and a file written into it is reported.
    mkdirSync(join(folder, 'New Artist', 'New Album'), { recursive: true });
    await until(() => watcher.watchCount === 9);
    await until(() => changed.length > 0);
    changed.length = 0;
    writeFileSync(join(folder, 'New Artist', 'New Album', 'song.mp3'), 'x');
    await until(() => changed.length > 0);
    expect(changed).toEqual([folder]);

    // A directory removed is let go.
    rmSync(join(folder, 'New Artist'), { recursive: true });
    await until(() => watcher.watchCount === 7);
    watcher.close();
    expect(watcher.watchCount).toBe(0);
  });
});
