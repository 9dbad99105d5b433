import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TINY_PNG } from '../testing/audio-builders.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { MAX_COVER_BYTES, saveCover } from './read-tags.ts';

const temp = useTempDir();

describe('saveCover', () => {
  it('caches a cover by content, and none over the size limit (the song stays importable, without a picture)', () => {
    expect(saveCover([{ format: 'image/png', type: 'Cover (front)', data: TINY_PNG }], temp.path)).toMatch(/^[0-9a-f]{40}\.png$/);
    const huge = new Uint8Array(MAX_COVER_BYTES + 1);
    expect(saveCover([{ format: 'image/png', type: 'Cover (front)', data: huge }], temp.path)).toBeNull();
    expect(readdirSync(temp.path)).toHaveLength(1);
    expect(existsSync(temp.path)).toBe(true);
  });
});
