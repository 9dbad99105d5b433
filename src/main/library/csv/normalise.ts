/**
 * The key that matches a song across sources (tags, Spotify tables, playlists): lower case, accents and
 * punctuation dropped, featured artists and edition notes removed ("(feat. X)", "- Remastered 2011",
 * "[Live]"), and for several artists the first one.
 */
export function normaliseTitle(title: string): string {
  return fold(
    title
      .replace(/\s*[([][^)\]]*(feat|ft\.|with |remaster|live|version|edit|mix|mono|stereo|bonus)[^)\]]*[)\]]/gi, ' ')
      .replace(/\s+-\s+.*(remaster|version|edit|mix|live|mono|stereo).*$/i, ' ')
      .replace(/\s+(feat\.?|ft\.)\s.*$/i, ' '),
  );
}

export function normaliseArtist(artist: string): string {
  // "['A', 'B']" (Python list, as in Kaggle tables), "A;B", "A, B", "A feat. B", "A & B": the first artist.
  const cleaned = artist.replace(/^\s*\[\s*['"]?/, '').replace(/['"]?\s*\]\s*$/, '');
  const first = cleaned.split(/\s*(?:;|',\s*'|",\s*"|\s+feat\.?\s+|\s+ft\.\s+|\s+&\s+|,\s+)\s*/i)[0] ?? cleaned;
  return fold(first);
}

export function matchKey(artist: string | null, title: string): string {
  return `${artist ? normaliseArtist(artist) : ''}|${normaliseTitle(title)}`;
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}
