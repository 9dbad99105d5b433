import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../shared/settings.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { SettingsStore } from './settings.svelte.ts';

const SHIPPED = [
  { name: 'emotune-duo', displayName: 'Emotune duo', inputSize: 112, measured: null },
  { name: 'emotune-trio', displayName: 'Emotune trio', inputSize: 112, measured: null },
  { name: 'emotune-vgg', displayName: 'Emotune VGG-BN (FER-2013)', inputSize: 48, measured: null },
  { name: 'mini-xception', displayName: 'mini-Xception', inputSize: 64, measured: null },
];

function storeWith(saved: Settings) {
  let current = saved;
  const client = createFakeClient({
    'settings.get': () => current,
    'emotion.listModels': () => ({ models: SHIPPED, current: current.emotionModel }),
    'settings.update': (patch) => (current = { ...current, ...patch, smoothing: { ...current.smoothing, ...patch.smoothing } }),
  });
  return { client, store: new SettingsStore(client) };
}

/** What the settings form holds when it opens: every field it shows, as saved. */
function formOf(s: Settings): SettingsPatch {
  return { emotionModel: s.emotionModel, smoothing: { ...s.smoothing }, playlistSize: s.playlistSize, analysisFps: s.analysisFps, analyzeAfterImport: s.analyzeAfterImport };
}

describe('SettingsStore', () => {
  it('sends only the fields the user changed, and nothing when they changed none', async () => {
    const { client, store } = storeWith(DEFAULT_SETTINGS);
    await store.refresh();
    expect(await store.save(formOf(DEFAULT_SETTINGS))).toBe(true);
    expect(client.calls.filter((c) => c.method === 'settings.update')).toEqual([]);
    expect(await store.save({ ...formOf(DEFAULT_SETTINGS), playlistSize: 3 })).toBe(true);
    expect(client.calls.filter((c) => c.method === 'settings.update').map((c) => c.input)).toEqual([{ playlistSize: 3 }]);
    expect(store.settings?.playlistSize).toBe(3);
  });

  it('offers a model folder given outside the shipped ones as the current choice, and keeps it on save', async () => {
    const custom = { ...DEFAULT_SETTINGS, emotionModel: '/home/me/models/my-fer' };
    const { client, store } = storeWith(custom);
    await store.refresh();
    expect(store.modelChoices.map((m) => m.name)).toEqual(['emotune-duo', 'emotune-trio', 'emotune-vgg', 'mini-xception', '/home/me/models/my-fer']);
    expect(store.modelChoices.at(-1)?.displayName).toBe('my-fer (folder /home/me/models/my-fer)');
    // Changing another setting does not send the model (the server accepts only shipped names from the UI).
    expect(await store.save({ ...formOf(custom), analysisFps: 4 })).toBe(true);
    expect(client.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ analysisFps: 4 });
  });

  it('offers only the shipped models when one of them is current', async () => {
    const { store } = storeWith(DEFAULT_SETTINGS);
    await store.refresh();
    expect(store.modelChoices).toEqual(SHIPPED);
  });

  it('keeps the reason when a save is refused', async () => {
    const client = createFakeClient({
      'settings.get': () => DEFAULT_SETTINGS,
      'emotion.listModels': () => ({ models: SHIPPED, current: 'emotune-trio' }),
      'settings.update': () => {
        throw new Error('no emotion model named x in assets/models');
      },
    });
    const store = new SettingsStore(client);
    await store.refresh();
    expect(await store.save({ emotionModel: 'x' })).toBe(false);
    expect(store.error).toMatch(/no emotion model named x/);
    expect(store.saving).toBe(false);
  });
});
