import { matchKey } from './normalise.ts';

/** One track of a Spotify-style feature table, cleaned. Unknown or invalid values are null. */
export interface CatalogueRow {
  externalId: string | null;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  mood: string | null;
  matchKey: string;
  valence: number | null;
  energy: number | null;
  tempo: number | null;
  loudness: number | null;
  danceability: number | null;
  acousticness: number | null;
  mode: number | null;
  key: number | null;
  durationMs: number | null;
}

type Field = keyof Omit<CatalogueRow, 'matchKey'>;

/** Header names by field, the first found wins: the Kaggle/TidyTuesday/Hugging Face variants. */
const ALIASES: Record<Field, string[]> = {
  externalId: ['id', 'track_id', 'spotify_id', 'uri'],
  title: ['name', 'track_name', 'title', 'song', 'track'],
  artist: ['artist', 'artists', 'track_artist', 'artist_name', 'artist(s)_name'],
  album: ['album', 'track_album_name', 'album_name'],
  genre: ['genre', 'track_genre', 'playlist_genre'],
  mood: ['mood', 'emotion'],
  valence: ['valence'],
  energy: ['energy'],
  tempo: ['tempo', 'bpm'],
  loudness: ['loudness'],
  danceability: ['danceability'],
  acousticness: ['acousticness'],
  mode: ['mode'],
  key: ['key'],
  durationMs: ['duration_ms', 'length', 'duration'],
};

/** Valid ranges (Spotify's documentation): a value outside is a corrupted value, treated as missing. */
const RANGES: Partial<Record<Field, [number, number]>> = {
  valence: [0, 1],
  energy: [0, 1],
  danceability: [0, 1],
  acousticness: [0, 1],
  tempo: [1, 300],
  loudness: [-70, 10],
  mode: [0, 1],
  key: [-1, 11],
  durationMs: [1, 24 * 3600 * 1000],
};

export type ColumnMap = Partial<Record<Field, number>>;

/** How tables write "missing": R's NA (the TidyTuesday table), pandas's NaN, and friends. */
const MISSING = new Set(['na', 'n/a', 'nan', 'null', 'none', '-']);

/** Maps a header row to columns; a table needs at least a title column. */
export function mapColumns(header: readonly string[]): { columns: ColumnMap; hasFeatures: boolean } | null {
  const names = header.map((h) => h.trim().toLowerCase());
  const columns: ColumnMap = {};
  for (const [field, aliases] of Object.entries(ALIASES) as [Field, string[]][]) {
    const index = aliases.map((a) => names.indexOf(a)).find((i) => i >= 0);
    if (index !== undefined) columns[field] = index;
  }
  if (columns.title === undefined) return null;
  return { columns, hasFeatures: columns.valence !== undefined || columns.energy !== undefined || columns.tempo !== undefined };
}

/**
 * One record to a catalogue row, or the reason it is skipped. Numbers may use exponent notation ("7.73E-05");
 * a tempo of 0 and values out of range count as missing (paper 2 removes or imputes them); names are trimmed.
 */
export function toCatalogueRow(record: readonly string[], columns: ColumnMap): CatalogueRow | { skip: string } {
  const text = (field: Field): string | null => {
    const index = columns[field];
    const value = index === undefined ? undefined : record[index]?.trim();
    return value && !MISSING.has(value.toLowerCase()) ? value : null;
  };
  const number = (field: Field): number | null => {
    const raw = text(field);
    if (raw === null) return null;
    const value = Number(raw);
    const range = RANGES[field];
    if (!Number.isFinite(value) || (range && (value < range[0] || value > range[1]))) return null;
    return value;
  };
  const title = text('title');
  if (!title) return { skip: 'no title' };
  const artist = text('artist');
  const durationMs = number('durationMs');
  return {
    externalId: text('externalId'),
    title,
    artist,
    album: text('album'),
    genre: text('genre'),
    mood: text('mood'),
    matchKey: matchKey(artist, title),
    valence: number('valence'),
    energy: number('energy'),
    tempo: number('tempo'),
    loudness: number('loudness'),
    danceability: number('danceability'),
    acousticness: number('acousticness'),
    mode: number('mode'),
    key: number('key'),
    durationMs: durationMs === null ? null : Math.round(durationMs),
  };
}
