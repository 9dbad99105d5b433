import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.ts';

const press = (key: string, extra: Partial<Parameters<typeof shortcutFor>[0]> = {}) =>
  shortcutFor({ key, ctrlKey: false, altKey: false, metaKey: false, targetIsEditable: false, ...extra });

describe('shortcutFor', () => {
  it('maps the player, mood and navigation keys', () => {
    expect(press(' ')).toEqual({ type: 'toggle-play' });
    expect(press('n')).toEqual({ type: 'next' });
    expect(press('P')).toEqual({ type: 'previous' });
    expect(press('ArrowRight')).toEqual({ type: 'seek', deltaSec: 10 });
    expect(press('ArrowDown')).toEqual({ type: 'volume', delta: -0.05 });
    expect(press('4')).toEqual({ type: 'override', emotion: 'happy' });
    expect(press('7')).toEqual({ type: 'override', emotion: 'neutral' });
    expect(press('0')).toEqual({ type: 'override', emotion: null });
    expect(press('r')).toEqual({ type: 'reshuffle' });
    expect(press('c')).toEqual({ type: 'toggle-camera' });
    expect(press('M')).toEqual({ type: 'toggle-mute' });
    expect(press('/')).toEqual({ type: 'focus-search' });
    expect(press('?')).toEqual({ type: 'help' });
    expect(press(',')).toEqual({ type: 'settings' });
    expect(press('8')).toBeNull();
  });

  it('stays out of the way while typing or with modifiers', () => {
    expect(press(' ', { targetIsEditable: true })).toBeNull();
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press(' ', { targetIsControl: true })).toBeNull();
    expect(press('n', { targetIsControl: true })).toEqual({ type: 'next' });
  });
});
