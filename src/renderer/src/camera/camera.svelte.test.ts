import { describe, expect, it } from 'vitest';
import type { CameraStatus } from '../../../shared/api/index.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { CameraStore } from './camera.svelte.ts';

const status = (state: CameraStatus['state']): CameraStatus => ({ state, source: '0', problem: null, message: null, retryAt: null });

describe('CameraStore', () => {
  it('turns a live camera off and an off one on; a missing camera counts as on (it is being retried)', async () => {
    const client = createFakeClient({
      'camera.getStatus': () => status('unavailable'),
      'camera.setEnabled': ({ enabled }) => status(enabled ? 'starting' : 'stopped'),
    });
    const store = new CameraStore(client);
    await store.refresh();
    expect(store.off).toBe(false);
    await store.toggle();
    expect(store.off).toBe(true);
    await store.toggle();
    expect(store.status?.state).toBe('starting');
    expect(client.calls.filter((c) => c.method === 'camera.setEnabled').map((c) => c.input)).toEqual([{ enabled: false }, { enabled: true }]);
  });

  it('keeps the reason when the change is refused', async () => {
    const client = createFakeClient({
      'camera.setEnabled': () => {
        throw new Error('the camera is not running in this mode');
      },
    });
    const store = new CameraStore(client);
    await store.setEnabled(false);
    expect(store.error).toBe('the camera is not running in this mode');
  });
});
