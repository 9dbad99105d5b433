import type { Song } from '../../shared/api/index.ts';

/** What the tray and a notification say about the song (no `electron` import: unit-tested anywhere). */
export function songNotice(song: Song | null, playing: boolean): { title: string; body: string; tooltip: string } {
  if (!song) return { title: 'Emotune', body: '', tooltip: 'Emotune · nothing playing' };
  const artist = song.artist ?? 'Unknown artist';
  const album = song.album ? ` · ${song.album}` : '';
  return {
    title: song.title,
    body: `${artist}${album}`,
    tooltip: `${playing ? '▶' : '⏸'} ${song.title} — ${artist}`,
  };
}
