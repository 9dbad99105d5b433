import { describe, expect, it } from 'vitest';
import { excludedUnder, isExcluded, refusedLibraryFolder } from './importable-folder.ts';

describe('library folders', () => {
  it("refuses the whole disk, system folders and the app's own data folder, with the reason", () => {
    expect(refusedLibraryFolder('/', null)).toMatch(/whole disk/);
    expect(refusedLibraryFolder('/proc', null)).toMatch(/system folder/);
    expect(refusedLibraryFolder('/proc/1/cwd', null)).toMatch(/system folder \(\/proc\)/);
    expect(refusedLibraryFolder('/sys/class', null)).toMatch(/system folder/);
    expect(refusedLibraryFolder('/home/ann/.local/share/emotune', '/home/ann/.local/share/emotune')).toMatch(/data folder/);
    expect(refusedLibraryFolder('/home/ann/.local/share/emotune/covers', '/home/ann/.local/share/emotune')).toMatch(/data folder/);
    expect(refusedLibraryFolder('/home/ann/Music', '/home/ann/.local/share/emotune')).toBeNull();
    expect(refusedLibraryFolder('/home/ann', '/home/ann/.local/share/emotune')).toBeNull();
    expect(refusedLibraryFolder('/processed-music', null)).toBeNull();
  });

  it('leaves the data folder out of a library folder that holds it', () => {
    expect(excludedUnder('/home/ann', '/home/ann/.local/share/emotune')).toEqual(['/home/ann/.local/share/emotune']);
    expect(excludedUnder('/home/ann/Music', '/home/ann/.local/share/emotune')).toEqual([]);
    expect(isExcluded('/home/ann/.local/share/emotune/covers', ['/home/ann/.local/share/emotune'])).toBe(true);
    expect(isExcluded('/home/ann/.local/share/emotune-old', ['/home/ann/.local/share/emotune'])).toBe(false);
  });
});
