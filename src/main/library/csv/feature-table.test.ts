import { describe, expect, it } from 'vitest';
import { mapColumns, toCatalogueRow } from './feature-table.ts';

describe('Spotify-style feature tables', () => {
  it('maps the data_moods.csv header and cleans a row (exponents, trailing spaces)', () => {
    const header = ['name', 'album', 'artist', 'id', 'release_date', 'popularity', 'length', 'danceability', 'acousticness', 'energy', 'instrumentalness', 'liveness', 'valence', 'loudness', 'speechiness', 'tempo', 'key', 'time_signature', 'mood'];
    const mapped = mapColumns(header);
    expect(mapped?.hasFeatures).toBe(true);
    const row = toCatalogueRow(
      ['1999 ', '1999', 'Prince', '2H7PHVdQ3mXqEHXcvclTB0', '1982-10-27', '68', '379266', '0.866', '0.137', '0.73', '7.73E-05', '0.0843', '0.625', '-8.201', '0.0767', '118.523', '5', '4', 'Happy'],
      mapped?.columns ?? {},
    );
    expect(row).toMatchObject({ title: '1999', artist: 'Prince', externalId: '2H7PHVdQ3mXqEHXcvclTB0', valence: 0.625, energy: 0.73, tempo: 118.523, loudness: -8.201, mood: 'Happy', durationMs: 379266, matchKey: 'prince|1999' });
  });

  it('maps the spotify_songs.csv header, and treats tempo 0 and out-of-range values as missing', () => {
    const mapped = mapColumns(['track_id', 'track_name', 'track_artist', 'track_popularity', 'track_album_name', 'playlist_genre', 'energy', 'tempo', 'valence', 'mode']);
    const row = toCatalogueRow(['x1', 'Song', 'Band', '50', 'LP', 'edm', '1.4', '0', '0.0', '1'], mapped?.columns ?? {});
    expect(row).toMatchObject({ externalId: 'x1', genre: 'edm', energy: null, tempo: null, valence: 0, mode: 1 });
  });

  it('skips rows without a title and refuses tables without a title column', () => {
    const mapped = mapColumns(['track_name', 'track_artist']);
    expect(toCatalogueRow(['', 'Someone'], mapped?.columns ?? {})).toEqual({ skip: 'no title' });
    // R writes missing values as NA (spotify_songs.csv has five such rows).
    expect(toCatalogueRow(['NA', 'NA'], mapped?.columns ?? {})).toEqual({ skip: 'no title' });
    expect(mapColumns(['foo', 'bar'])).toBeNull();
    expect(mapColumns(['title', 'artist'])?.hasFeatures).toBe(false);
  });
});
