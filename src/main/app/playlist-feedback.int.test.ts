import { describe, expect, it } from 'vitest';
import { moodLibrary } from '../testing/mood-library.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { createHandlers } from './handlers.ts';

const temp = useTempDir();

describe('playlist.giveFeedback', () => {
  it('takes feedback through the contract, shows the thumb on the current list, and refuses an unknown song', async () => {
    const { services, id } = await moodLibrary(temp.path);
    const handlers = createHandlers(services);
    const shown: number[] = [];
    services.events.on((event, payload) => {
      if (event === 'playlist.changed') shown.push(...(payload as { picks: { thumb: number }[] }).picks.map((p) => p.thumb));
    });
    services.playlist.follow('sad', 'override');
    const rain = id('Rain');
    expect(services.playlist.current?.songs.map((s) => s.id)).toContain(rain);
    await expect(handlers['playlist.giveFeedback']({ songId: rain, emotion: 'sad', kind: 'thumb-up' })).resolves.toMatchObject({ thumb: 1 });
    expect(services.playlist.current?.picks[services.playlist.current.songs.findIndex((s) => s.id === rain)]?.thumb).toBe(1);
    expect(shown).toContain(1);
    await expect(handlers['playlist.giveFeedback']({ songId: rain, emotion: 'sad', kind: 'played' })).resolves.toMatchObject({ likes: 1, thumb: 1 });
    await expect(handlers['playlist.giveFeedback']({ songId: 9999, emotion: 'sad', kind: 'played' })).rejects.toMatchObject({ code: 'not-found' });
    await services.close();
  });

});
