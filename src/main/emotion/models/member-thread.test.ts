import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EmotionModel } from './tfjs-model.ts';
import { loadInThread } from './member-thread.ts';

const DYING = pathToFileURL(join(import.meta.dirname, '../../testing/dying-member.worker.ts'));

describe('a member in a thread of its own', () => {
  it('fails the batch in hand when its thread dies, then answers every later batch in the caller thread', async () => {
    let fallbackLoads = 0;
    const fallback = async (): Promise<EmotionModel> => {
      fallbackLoads += 1;
      return {
        manifest: member.manifest,
        predict: async (_input, n) => Array.from({ length: n }, () => Float32Array.of(0, 0, 0, 1, 0, 0, 0)),
        dispose: () => {},
      };
    };
    const member = await loadInThread('/models/dying', 'wasm', DYING, fallback);
    expect(member.manifest.name).toBe('dying');
    await expect(member.predict(new Float32Array(4), 1)).rejects.toThrow(/exited with code 3/);
    for (let i = 0; i < 3; i += 1) expect(await member.predict(new Float32Array(8), 2)).toEqual([Float32Array.of(0, 0, 0, 1, 0, 0, 0), Float32Array.of(0, 0, 0, 1, 0, 0, 0)]);
    expect(fallbackLoads).toBe(1);
    member.dispose();
  });
});
