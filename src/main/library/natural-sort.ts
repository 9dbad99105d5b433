/**
 * A sort key that orders text as people read it: case and accents folded, and runs of digits compared as
 * numbers ("Track 9" < "Track 10" < "Track 80"), by padding each to 12 digits. Stored beside the text, so
 * SQLite's plain ordering sorts naturally and the library's sorted pages stay index-friendly.
 */
export function naturalKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/^(the|a|an)\s+(?=\S)/, '') // "The Beatles" among the Bs, as players do
    .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}
