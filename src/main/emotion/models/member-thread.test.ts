import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EmotionModel } from './tfjs-model.ts';
import { startMemberThread } from './member-thread.ts';

const DYING = pathToFileURL(join(import.meta.dirname, '../../testing/dying-member.worker.ts'));

describe('a member in a member thread', () => {
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
    const member = await startMemberThread(DYING, 'wasm').load('/models/dying', fallback);
    expect(member.manifest.name).toBe('dying');
    await expect(member.predict(new Float32Array(4), 1)).rejects.toThrow(/exited with code 3/);
    for (let i = 0; i < 3; i += 1) expect(await member.predict(new Float32Array(8), 2)).toEqual([Float32Array.of(0, 0, 0, 1, 0, 0, 0), Float32Array.of(0, 0, 0, 1, 0, 0, 0)]);
    expect(fallbackLoads).toBe(1);
    member.dispose();
  });

  it('hosts several networks in one thread, each falling back to its own local copy when the thread dies', async () => {
    const loads: string[] = [];
    const answering = (name: string, top: number) => async (): Promise<EmotionModel> => {
      loads.push(name);
      const p = new Float32Array(7);
      p[top] = 1;
      return { manifest: (await first).manifest, predict: async (_input, n) => Array.from({ length: n }, () => p), dispose: () => {} };
    };
    const thread = startMemberThread(DYING, 'wasm');
    const first = thread.load('/models/a', answering('a', 0));
    const second = thread.load('/models/b', answering('b', 5));
    const [a, b] = await Promise.all([first, second]);
    await expect(a.predict(new Float32Array(4), 1)).rejects.toThrow(/exited with code 3/);
    expect((await b.predict(new Float32Array(4), 1))[0]?.[5]).toBe(1);
    expect((await a.predict(new Float32Array(4), 1))[0]?.[0]).toBe(1);
    expect(loads.sort()).toEqual(['a', 'b']);
    a.dispose();
    b.dispose();
  });

  it('hosts a face mesh beside a network, and runs it locally once its thread dies', async () => {
    const thread = startMemberThread(DYING, 'wasm');
    const network = await thread.load('/models/a', async () => {
      throw new Error('not needed');
    });
    let meshLoads = 0;
    const mesh = await thread.loadMesh('/models/face-mesh', async () => {
      meshLoads += 1;
      return { predict: async (_input, n) => Array.from({ length: n }, () => new Float32Array(1404).fill(2)), dispose: () => {} };
    });
    await expect(mesh.predict(new Float32Array(4), 1)).rejects.toThrow(/exited with code 3/);
    expect((await mesh.predict(new Float32Array(4), 1))[0]?.[0]).toBe(2);
    expect(meshLoads).toBe(1);
    mesh.dispose();
    network.dispose();
  });
});
