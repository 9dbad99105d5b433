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
});
