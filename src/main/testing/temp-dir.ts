import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system temp dir, and its removal. */
export function makeTempDir(prefix = 'emotune-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A fresh temp folder for each test of the calling file, removed after it. */
export function useTempDir(prefix?: string): { readonly path: string } {
  let current: { path: string; remove(): void } | null = null;
  beforeEach(() => {
    current = makeTempDir(prefix);
  });
  afterEach(() => {
    current?.remove();
    current = null;
  });
  return {
    get path(): string {
      if (!current) throw new Error('useTempDir: only inside a test');
      return current.path;
    },
  };
}
