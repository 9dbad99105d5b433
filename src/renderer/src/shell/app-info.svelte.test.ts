import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../shared/api/index.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { AppInfoStore } from './app-info.svelte.ts';

const info: AppInfo = {
  version: '1',
  transport: 'browser',
  canPickFolder: false,
  suggestedMusicFolder: null,
  dataDir: '/d',
  emotion: { state: 'loading', backend: null, model: null, message: null },
};

describe('AppInfoStore', () => {
  it('follows the emotion model from loading to ready', async () => {
    const client = createFakeClient({ 'app.getInfo': () => info });
    const store = new AppInfoStore(client);
    const stop = store.start();
    await store.refresh();
    expect(store.info?.emotion.state).toBe('loading');
    client.emit('emotion.statusChanged', { state: 'ready', backend: 'wasm', model: 'mini-xception', message: null });
    expect(store.info?.emotion).toMatchObject({ state: 'ready', backend: 'wasm' });
    expect(store.connected).toBe(true);
    stop();
  });

  it('keeps a ready model whose event came before the reply that still said loading', async () => {
    const client = createFakeClient({
      'app.getInfo': () => {
        client.emit('emotion.statusChanged', { state: 'ready', backend: 'wasm', model: 'mini-xception', message: null });
        return info;
      },
    });
    const store = new AppInfoStore(client);
    const stop = store.start();
    await store.refresh();
    expect(store.info?.emotion).toMatchObject({ state: 'ready', model: 'mini-xception' });
    expect(store.info?.version).toBe('1');
    stop();
  });

  it('flags a page without access', async () => {
    const { ApiError } = await import('../api/envelope.ts');
    const client = createFakeClient({
      'app.getInfo': () => {
        throw new ApiError({ code: 'unauthorized', message: 'missing or wrong access token' });
      },
    });
    const store = new AppInfoStore(client);
    await expect(store.refresh()).rejects.toThrow(/access token/);
    expect(store.accessDenied).toBe(true);
  });
});
