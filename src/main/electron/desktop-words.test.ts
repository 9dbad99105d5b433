import { describe, expect, it } from 'vitest';
import type { Song } from '../../shared/api/index.ts';
import { songNotice } from './desktop-words.ts';

const song = { id: 1, title: 'Harbour', artist: null, album: 'Coast', path: '/m/h.ogg' } as Song;

describe('songNotice', () => {
  it('says what plays, with the same name for an untagged artist as everywhere else', () => {
    expect(songNotice(song, true)).toEqual({ title: 'Harbour', body: 'Unknown artist · Coast', tooltip: '▶ Harbour — Unknown artist' });
    expect(songNotice(song, false).tooltip).toBe('⏸ Harbour — Unknown artist');
    expect(songNotice(null, false).tooltip).toBe('Emotune · nothing playing');
  });
});
