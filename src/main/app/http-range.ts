/**
 * Parses an HTTP Range header (RFC 9110 §14) for a file of `size` bytes. Only single ranges are served, as
 * media elements ask for; multi-range or malformed headers fall back to the whole file, and a range past the
 * end is unsatisfiable (416).
 */
export function parseRange(
  header: string | null | undefined,
  size: number,
): { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' } {
  if (!header) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return { kind: 'whole' };
  if (size === 0) return { kind: 'unsatisfiable' }; // an empty file has no byte to start at
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
