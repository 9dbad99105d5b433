import { describe, expect, it } from 'vitest';
import { describeReadError } from './folder-scan.ts';

describe('describeReadError', () => {
  it('says in plain words that a file is not audio it can read, the parser\'s words (printable) as details', () => {
    const message = describeReadError(new Error('FourCC contains invalid characters: 50 d5 \u0000\u0088'));
    expect(message).toBe('not an audio file Emotune can read: it may be damaged, or another kind of file · details: FourCC contains invalid characters: 50 d5 ??');
    expect(describeReadError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
  });
});
