import { describe, expect, it } from 'vitest';
import { libraryFolderPath } from './folder-path.ts';

describe('libraryFolderPath', () => {
  it('expands ~, reads file:// addresses, and refuses relative paths with a plain message', () => {
    expect(libraryFolderPath('~/Music', '/home/ann')).toBe('/home/ann/Music');
    expect(libraryFolderPath('  ~  ', '/home/ann')).toBe('/home/ann');
    expect(libraryFolderPath('/srv/music/', '/home/ann')).toBe('/srv/music');
    expect(libraryFolderPath('file:///home/ann/My%20Music', '/home/ann')).toBe('/home/ann/My Music');
    expect(() => libraryFolderPath('Music', '/home/ann')).toThrow(/full path \(starting with \/ or ~\)/);
    expect(() => libraryFolderPath('../x', '/home/ann')).toThrow(/full path/);
  });
});
