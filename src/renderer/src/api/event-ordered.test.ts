import { describe, expect, it } from 'vitest';
import { EventOrdered } from './event-ordered.ts';

describe('EventOrdered', () => {
  it('applies a reply when no event came while its call was in flight', async () => {
    let state = 'a';
    const ordered = new EventOrdered<string>((v) => (state = v));
    ordered.event('b');
    expect(await ordered.reply(async () => 'c')).toBe('c');
    expect(state).toBe('c');
  });

  it('keeps the state of an event that overtook the reply', async () => {
    let state = 'a';
    const ordered = new EventOrdered<string>((v) => (state = v));
    await ordered.reply(async () => {
      ordered.event('newer, by event');
      return 'older, in the reply';
    });
    expect(state).toBe('newer, by event');
  });

  it('tells a tracked call it was overtaken, and keeps the latest event', async () => {
    const ordered = new EventOrdered<string>(() => {});
    expect(await ordered.track(async () => 1)).toEqual({ value: 1, overtaken: false });
    expect(ordered.latest).toBeUndefined();
    const tracked = await ordered.track(async () => {
      ordered.event('by event');
      return 2;
    });
    expect(tracked).toEqual({ value: 2, overtaken: true });
    expect(ordered.latest).toBe('by event');
  });
});
